// The modelled AWS error a call was refused with, as the SDK reports it (error name, HTTP status, message); the
// test fails when the call succeeds instead.
export async function rejection(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  const err = await call.then(() => undefined, (e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
  if (!err) throw new Error('expected the call to be refused, but it succeeded');
  return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
}
