// Verifies AWS Signature Version 4 on control-plane requests, the way AWS's front door does:
// the credential scope names the key, day, region and service; the server hashes the raw body itself
// (a client-sent x-amz-content-sha256 is only compared, never trusted) and recomputes the signature over
// exactly the headers the client signed. Built on @smithy/signature-v4, the SDK's own signer.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { frameworkErrors } from './service-errors.js';
import { parseQuery } from './request-parser.js';

export interface SignedRequest {
  method: string;
  /** Raw path, still percent-encoded, as on the request line. */
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface VerifiedCaller {
  accessKeyId: string;
  region: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60_000;

export class SigV4Verifier {
  constructor(
    private readonly secretFor: (accessKeyId: string) => string | undefined,
    private readonly service: string,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(req: SignedRequest): Promise<VerifiedCaller> {
    const authorization = header(req.headers, 'authorization');
    if (!authorization) throw frameworkErrors.missingAuthenticationToken();
    const m = AUTH_RE.exec(authorization);
    if (!m) {
      throw frameworkErrors.incompleteSignature(
        `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.split(' ')[0]}`,
      );
    }
    const [, accessKeyId, day, region, service, signedHeaders, signature] = m as unknown as string[];
    const secret = this.secretFor(accessKeyId!);
    if (!secret) throw frameworkErrors.unrecognizedClient();
    if (service !== this.service) {
      throw frameworkErrors.invalidSignature(`Credential should be scoped to correct service: '${this.service}'.`);
    }
    const amzDate = header(req.headers, 'x-amz-date');
    const when = amzDate ? parseAmzDate(amzDate) : undefined;
    if (!when) throw frameworkErrors.incompleteSignature('Authorization requires a valid x-amz-date header.');
    if (amzDate!.slice(0, 8) !== day) {
      throw frameworkErrors.invalidSignature('Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.');
    }
    const skew = this.now() - when.getTime();
    if (Math.abs(skew) > MAX_SKEW_MS) {
      throw frameworkErrors.invalidSignature(
        `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(this.now() - MAX_SKEW_MS))}.`,
      );
    }
    const names = signedHeaders!.split(';');
    if (!names.includes('host')) throw frameworkErrors.invalidSignature("'Host' must be a signed header.");
    // The canonical request holds exactly the headers the client signed, nothing added: most SDKs (boto3, the AWS
    // CLI, Go, Java) do not sign x-amz-content-sha256, and adding it would change the signature they computed.
    const headers: Record<string, string> = {};
    for (const name of names) headers[name] = header(req.headers, name) ?? '';
    const bodyHash = createHash('sha256').update(req.body).digest('hex');
    const claimed = header(req.headers, 'x-amz-content-sha256');
    // The Connect API is not S3: the payload is always signed, so UNSIGNED-PAYLOAD (or any other claim) is refused.
    if (claimed !== undefined && claimed !== bodyHash) {
      throw frameworkErrors.invalidSignature('The provided x-amz-content-sha256 header does not match what was computed.');
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of parseQuery(req.rawQuery)) query[k] = v.length === 1 ? v[0]! : v;
    const request = new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path: req.rawPath,
      query,
      headers,
      body: req.body,
    });
    const signer = signerFor(service!, region!, accessKeyId!, secret);
    const signed = await signer.sign(request, { signingDate: when, signableHeaders: new Set(names), unsignableHeaders: unsignedNames(req.headers, names) });
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
    if (expected.length !== signature!.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
      throw frameworkErrors.invalidSignature(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
    return { accessKeyId: accessKeyId!, region: region! };
  }
}

/**
 * One signer per key, region and service, kept: a SignatureV4 caches the day's derived signing key (four HMACs), which
 * a signer built per request computed again every time. Bounded; the oldest goes first.
 */
const signers = new Map<string, SignatureV4>();
const MAX_SIGNERS = 100;

function signerFor(service: string, region: string, accessKeyId: string, secretAccessKey: string): SignatureV4 {
  const key = JSON.stringify([service, region, accessKeyId, secretAccessKey]);
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({
      service, region, sha256: Hash.bind(null, 'sha256'), credentials: { accessKeyId, secretAccessKey }, uriEscapePath: true,
      // The payload hash is the server's own (bodyHash), and no header is added to the canonical request.
      applyChecksum: false,
    });
    if (signers.size >= MAX_SIGNERS) signers.delete(signers.keys().next().value!);
    signers.set(key, signer);
  }
  return signer;
}

/** Every header present that the client did not sign: the signer must leave each out of the canonical request. */
function unsignedNames(headers: SignedRequest['headers'], signed: string[]): Set<string> {
  return new Set(Object.keys(headers).map((h) => h.toLowerCase()).filter((h) => !signed.includes(h)));
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function formatAmzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
