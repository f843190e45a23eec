import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names every skipped test at the end of the run, with the reason its suite carries
 * ("(skipped: no launchctl on linux)"), so a contract suite that could not run here never
 * passes silently.
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (test.result().state === 'skipped')
          skipped.push(`  skipped: ${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}`);
      }
    }
    if (skipped.length > 0)
      process.stdout.write(
        `\n${skipped.length} tests skipped here (they run where their service is reachable):\n${skipped.join('\n')}\n`,
      );
  }
}
