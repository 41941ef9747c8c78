// Token values as clients see them: long, random, and safe to pass as a command-line argument.
import { describe, expect, it } from 'vitest';
import { newTokenValue } from '../../src/chat/tokens.js';

describe('token values', () => {
  it('never start with "-" or "_" (the AWS CLI reads a leading "-" as an option), and stay 43 base64url characters', () => {
    const values = Array.from({ length: 5000 }, newTokenValue);
    expect(values.filter((v) => /^[-_]/.test(v))).toEqual([]);
    expect(values.every((v) => /^[A-Za-z0-9][A-Za-z0-9_-]{42}$/.test(v))).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });
});
