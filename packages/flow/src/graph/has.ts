/** Own-property check: node ids such as `constructor` must not hit Object.prototype. */
export const has = (o: object, key: string): boolean => Object.hasOwn(o, key);
