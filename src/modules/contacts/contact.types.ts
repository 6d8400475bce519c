/** What other modules read of a contact (through ContactsService). */
export interface ContactRecord {
  id: string;
  organizationId: string;
  name: string | null;
  /** Lower-cased. */
  emails: string[];
  /** E.164. */
  phones: string[];
  customFields: Record<string, unknown>;
}
