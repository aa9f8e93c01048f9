/** A document Quarry cannot parse; the message is the reason shown to people (and stored with the document). */
export class DocumentParseError extends Error {
  override readonly name = 'DocumentParseError';
}
