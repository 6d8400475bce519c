/** A page of results; the envelope interceptor turns it into `data` plus `meta {page, limit, total}`. */
export class Paginated<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
    readonly limit: number,
    readonly offset: number,
  ) {}

  get page(): number {
    return Math.floor(this.offset / this.limit) + 1;
  }
}
