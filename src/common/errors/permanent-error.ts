/**
 * A failure that retrying will not fix (unreadable audio, a provider's 4xx, work over its time
 * budget): a queued job that meets one fails at once instead of using up its attempts. Low-level
 * code throws its own subclasses, so the features that run jobs need not know where it came from.
 */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
