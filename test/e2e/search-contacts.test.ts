// SearchContacts through the SDK: time ranges, criteria, contact attributes, sorting and paging.
import { SearchContactsCommand, type SearchContactsCommandInput, StartChatContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
const ids: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
  for (const [i, tier] of ['gold', 'silver', 'gold'].entries()) {
    const s = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: `c${i}` }, Attributes: { tier },
    }));
    ids.push(s.ContactId!);
    await new Promise((r) => setTimeout(r, 5));
  }
  await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: ids[0]! }));
});
afterAll(async () => {
  await server?.close();
});

const search = (extra: Partial<SearchContactsCommandInput> = {}) => server.connect.send(new SearchContactsCommand({
  InstanceId: server.instanceId,
  TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 60_000) },
  ...extra,
}));

describe('SearchContacts', () => {
  it('finds the contacts of a time range, newest first by default', async () => {
    const r = await search();
    expect(r.Contacts!.map((c) => c.Id)).toEqual([...ids].reverse());
    expect(r.TotalCount).toBe(3);
    expect(r.Contacts![0]).toMatchObject({ Channel: 'CHAT', InitiationMethod: 'API', QueueInfo: { Id: server.defaults.basicQueueId } });
  });

  it('filters by contact attributes, initiation method and disconnect time; sorts and pages', async () => {
    const gold = await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'tier', Values: ['gold'] }], MatchType: 'MATCH_ALL' } } });
    expect(gold.Contacts!.map((c) => c.Id).sort()).toEqual([ids[0], ids[2]].sort());
    const ended = await search({ TimeRange: { Type: 'DISCONNECT_TIMESTAMP', StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 60_000) } });
    expect(ended.Contacts!.map((c) => c.Id)).toEqual([ids[0]]);
    expect(await search({ SearchCriteria: { InitiationMethods: ['TRANSFER'] } })).toMatchObject({ Contacts: [], TotalCount: 0 });
    const first = await search({ MaxResults: 2, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } });
    expect(first.Contacts!.map((c) => c.Id)).toEqual(ids.slice(0, 2));
    const second = await search({ MaxResults: 2, NextToken: first.NextToken, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } });
    expect(second.Contacts!.map((c) => c.Id)).toEqual([ids[2]]);
  });

  it('refuses an unknown time range type', async () => {
    const err = await search({ TimeRange: { Type: 'YESTERDAY' as never, StartTime: new Date(), EndTime: new Date() } }).catch((e) => e);
    expect(err).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  });
});
