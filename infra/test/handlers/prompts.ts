// Stands in for functions/src/lambda/prompts.ts in infra's tests until that handler exists.
export const handler = async () => ({ ok: true });
