// One jest run for the whole workspace: a project per package, swc as the transform,
// workspace packages resolved to their TypeScript sources through the export condition.
const swc = (tsx) => [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", tsx },
      target: "es2022",
      transform: tsx ? { react: { runtime: "automatic" } } : undefined,
    },
    module: { type: "commonjs" },
  },
];

const nodeProject = (dir) => ({
  displayName: dir,
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: "node",
  testMatch: ["<rootDir>/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/e2e/"],
  transform: { "^.+\\.tsx?$": swc(false) },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testEnvironmentOptions: { customExportConditions: ["@ringflow/source", "node", "require", "default"] },
});

module.exports = {
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.cjs"],
  projects: [
    nodeProject("packages/flow"),
    nodeProject("packages/names"),
    nodeProject("packages/sip-core"),
    nodeProject("packages/media"),
    nodeProject("packages/cli"),
    nodeProject("functions"),
    nodeProject("edge"),
    nodeProject("bench"),
    nodeProject("packages/testkit"),
    nodeProject("packages/stack"),
    nodeProject("infra"),
    {
      displayName: "designer",
      rootDir: "<rootDir>/designer",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/src/**/*.test.ts?(x)"],
      transform: { "^.+\\.tsx?$": swc(true) },
      transformIgnorePatterns: ["/node_modules/(?!(\\.pnpm|d3-[a-z]+)/)"],
      moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1", "\\.css$": "<rootDir>/test/style-stub.cjs" },
      testEnvironmentOptions: {
        customExportConditions: ["@ringflow/source", "browser", "require", "default"],
      },
    },
    {
      displayName: "designer-e2e",
      rootDir: "<rootDir>/designer",
      testEnvironment: "node",
      testMatch: ["<rootDir>/e2e/**/*.test.ts"],
      transform: { "^.+\\.tsx?$": swc(false) },
      moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
      testEnvironmentOptions: { customExportConditions: ["@ringflow/source", "node", "require", "default"] },
    },
  ],
};
