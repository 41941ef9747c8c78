// Polling for a condition that becomes true asynchronously; fails the test, naming what it waited for, when it does
// not come true in time (a polling helper that gives up silently would let the next assertion pass for the wrong reason).

export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
