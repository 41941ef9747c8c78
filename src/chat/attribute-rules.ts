// The documented rules for contact attributes and segment attributes (StartChatContact API reference):
// "up to 32,768 UTF-8 bytes across all key-value pairs per contact. Attribute keys can include only
// alphanumeric, dash, and underscore characters."
import { ChatError } from './chat-errors.js';
import { MessageContentType } from './content-types.js';

export const MAX_ATTRIBUTE_BYTES = 32_768;
const USER_KEY = /^[A-Za-z0-9_-]+$/;
/** System-defined segment attribute keys are namespaced `connect:` (e.g. connect:Subtype). */
const SYSTEM_KEY = /^connect:[A-Za-z0-9_-]+$/;

export function checkContactAttributes(attributes: Record<string, string>): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (!USER_KEY.test(key)) {
      throw new ChatError('InvalidParameter', `Attribute key '${key}' is invalid: keys can include only alphanumeric, dash, and underscore characters.`);
    }
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (bytes > MAX_ATTRIBUTE_BYTES) {
    throw new ChatError('InvalidParameter', `Attributes total ${bytes} UTF-8 bytes; at most ${MAX_ATTRIBUTE_BYTES} bytes across all keys and values are allowed per contact.`);
  }
}

export interface SegmentAttributeValue {
  ValueString?: string;
  ValueMap?: Record<string, SegmentAttributeValue>;
  ValueInteger?: number;
  ValueList?: SegmentAttributeValue[];
  ValueArn?: string;
}

export function checkSegmentAttributes(
  segmentAttributes: Record<string, SegmentAttributeValue>,
  supportedContentTypes: readonly string[],
): void {
  for (const [key, value] of Object.entries(segmentAttributes)) {
    const system = SYSTEM_KEY.test(key);
    if (!system && !USER_KEY.test(key)) {
      throw new ChatError('InvalidParameter', `Segment attribute key '${key}' is invalid: keys can include only alphanumeric, dash, and underscore characters (system-defined keys start with 'connect:').`);
    }
    checkSegmentValue(key, value, system);
  }
  const subtype = segmentAttributes['connect:Subtype'];
  if (subtype?.ValueString === 'connect:Guide') {
    const needed = [MessageContentType.interactive, MessageContentType.interactiveResponse];
    const missing = needed.filter((t) => !supportedContentTypes.includes(t));
    if (missing.length) {
      throw new ChatError('InvalidRequest', `SegmentAttributes connect:Subtype connect:Guide requires SupportedMessagingContentTypes to contain ${needed.join(' and ')}.`);
    }
  }
}

function checkSegmentValue(key: string, value: SegmentAttributeValue, system: boolean): void {
  const set = Object.entries(value).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (set.length !== 1) {
    throw new ChatError('InvalidParameter', `Segment attribute '${key}' must set exactly one of ValueString, ValueMap, ValueInteger, ValueList, ValueArn.`);
  }
  // API reference: ValueList and ValueArn "are only supported for system-defined attributes".
  if (!system && (value.ValueList !== undefined || value.ValueArn !== undefined)) {
    throw new ChatError('InvalidParameter', `Segment attribute '${key}': ValueList and ValueArn are only supported for system-defined attributes.`);
  }
  if (value.ValueArn !== undefined && !value.ValueArn.startsWith('arn:')) {
    throw new ChatError('InvalidParameter', `Segment attribute '${key}': ValueArn must be a valid ARN.`);
  }
  for (const [k, v] of Object.entries(value.ValueMap ?? {})) checkSegmentValue(`${key}.${k}`, v, system);
  for (const v of value.ValueList ?? []) checkSegmentValue(key, v, system);
}
