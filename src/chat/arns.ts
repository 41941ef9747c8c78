// Amazon Resource Names in the form Amazon Connect uses, and resolving "ID or ARN" inputs to ids.
export interface ArnContext {
  partition: string;
  region: string;
  accountId: string;
}

export const arns = {
  instance: (c: ArnContext, instanceId: string) =>
    `arn:${c.partition}:connect:${c.region}:${c.accountId}:instance/${instanceId}`,
  child: (c: ArnContext, instanceId: string, kind: string, id: string) =>
    `${arns.instance(c, instanceId)}/${kind}/${id}`,
};

/**
 * Many Connect inputs accept "the identifier or the ARN". Returns the trailing resource id of an ARN
 * (instance/ID or instance/I/kind/ID), or the input unchanged.
 */
export function idFromArnOrId(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const resource = value.split(':').slice(5).join(':');
  const parts = resource.split('/');
  return parts[parts.length - 1] ?? value;
}
