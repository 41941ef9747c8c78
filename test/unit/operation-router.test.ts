// Every operation of both models routes back to itself from its own path template, with label values that
// hold the characters ARNs and tokens carry (percent-encoded per segment as the SDKs send them).
import { describe, expect, it } from 'vitest';
import { OperationRouter } from '../../src/aws-protocol/operation-router.js';
import { loadConnectModel, loadParticipantModel } from '../../src/aws-protocol/service-model.js';

const LABEL_VALUE = 'arn:aws:connect:us-east-1:123456789012:instance/a b+c';

describe.each([
  ['Connect', loadConnectModel()],
  ['Participant Service', loadParticipantModel()],
])('routing the %s model', (_name, model) => {
  const router = new OperationRouter(model);
  const operations = Object.values(model.operations);

  it('routes every operation to itself', () => {
    const misrouted: string[] = [];
    for (const op of operations) {
      const path = op.http.requestUri.split('?')[0]!.replace(/\{([^}+]+)\+?\}/g, () => encodeURIComponent(LABEL_VALUE));
      const match = router.match(op.http.method, path);
      if (match?.operation.name !== op.name) misrouted.push(`${op.name} -> ${match?.operation.name ?? 'nothing'}`);
      else for (const v of Object.values(match.labels)) expect(v).toBe(LABEL_VALUE);
    }
    expect(misrouted).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(_name === 'Connect' ? 380 : 11);
  });

  it('matches nothing for an unknown path or method', () => {
    expect(router.match('GET', '/definitely/not/an/operation')).toBeUndefined();
    expect(router.match('PATCH', operations[0]!.http.requestUri)).toBeUndefined();
  });
});
