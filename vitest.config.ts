import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,tools,agents,prompts,evals,pipeline}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests share PostgreSQL and NATS; each run isolates itself by schema / stream prefix.
    fileParallelism: true,
  },
});
