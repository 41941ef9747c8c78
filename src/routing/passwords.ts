// Password hashing for CONNECT_MANAGED users with Node's built-in scrypt (no native dependency needed):
// scrypt$<salt>$<hash>, compared in constant time.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await derive(password, salt)).toString('base64')}`;
}

/** A hash no password matches, checked when a user has none (or does not exist) so that the answer takes as long. */
const NO_PASSWORD = `scrypt$${randomBytes(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

/** Compares in constant time, and takes one scrypt derivation whether or not there is a usable stored hash. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  const usable = parts.length === 3 && parts[0] === 'scrypt' && !!parts[1] && !!parts[2];
  const [, salt, hash] = usable ? parts : NO_PASSWORD.split('$');
  const expected = Buffer.from(hash!, 'base64');
  const actual = await derive(password, Buffer.from(salt!, 'base64'));
  return usable && expected.length === actual.length && timingSafeEqual(expected, actual);
}
