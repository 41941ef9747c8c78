// How the faces shorten an id for people: its last eight characters. Contact and participant ids are UUIDv7s, whose
// first characters are the time they were made (chats started within a minute share them); the last are random.
export function shortId(id: string): string {
  return id.slice(-8);
}
