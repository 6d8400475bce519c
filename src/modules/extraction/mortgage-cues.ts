/**
 * The words that tie a number or a phrase to a mortgage field. They are cue words
 * around values that compromise and chrono have already parsed, not parsers.
 */

/** Distinct keywords of a loan conversation; two or more make a call a mortgage call. */
export const MORTGAGE_KEYWORDS: readonly { keyword: string; pattern: RegExp }[] = [
  { keyword: 'mortgage', pattern: /\bmortgages?\b/i },
  { keyword: 'loan', pattern: /\bloans?\b/i },
  { keyword: 'refinance', pattern: /\brefinanc\w*/i },
  { keyword: 'refi', pattern: /\brefi\b/i },
  { keyword: 'pre-approval', pattern: /\bpre-?approv\w*/i },
  { keyword: 'down payment', pattern: /\bdown ?payments?\b/i },
  { keyword: 'closing', pattern: /\bclosing\b/i },
  { keyword: 'rate lock', pattern: /\b(rate lock|lock (in )?(the|your|my|a|our) rate)\b/i },
  { keyword: 'escrow', pattern: /\bescrow\b/i },
  { keyword: 'fha', pattern: /\bfha\b/i },
  { keyword: 'va loan', pattern: /\b(va|v\.a\.) (loan|mortgage)s?\b/i },
  { keyword: 'usda', pattern: /\busda\b/i },
  { keyword: 'jumbo', pattern: /\bjumbo\b/i },
  { keyword: 'appraisal', pattern: /\bapprais(al|er|ed)\b/i },
  { keyword: 'underwriting', pattern: /\bunderwrit\w*/i },
  { keyword: 'lender', pattern: /\blenders?\b/i },
  { keyword: 'interest rate', pattern: /\binterest rates?\b/i },
];

/** Numeric fields; `income` becomes annual or monthly by the period said with it. */
export type NumericField =
  | 'loan_amount'
  | 'purchase_price'
  | 'estimated_value'
  | 'down_payment'
  | 'income'
  | 'monthly_debts'
  | 'credit_score'
  | 'years_employed';

/** `none` marks a number that belongs to something else (a rate, a payment, a balance). */
export type NumberTarget = NumericField | 'none';

/**
 * Cues said before a number. Of all cues in the words before it, the one ending
 * closest to the number wins, and of two ending together the longer, more specific one
 * ("student loan" over "loan").
 */
const LEFT_CUES: readonly [NumberTarget, RegExp][] = [
  ['loan_amount', /\bloan amount\b/g],
  ['loan_amount', /\bborrow(ing)?\b/g],
  ['loan_amount', /\b(loan|mortgage)\b/g],
  ['loan_amount', /\b(financ(e|ing)|refi|refinanc\w*)\b/g],
  ['purchase_price', /\b(purchase |sale |sales |asking |list |listing )?price\b/g],
  [
    'purchase_price',
    /\b(buy|buying|purchase|purchasing) (it|the (house|home|place|property|condo)|a (house|home|place|condo|property))\b/g,
  ],
  ['purchase_price', /\b(offer|under contract|listed)\b/g],
  ['estimated_value', /\b(worth|values?|valued|apprais\w*|zillow)\b/g],
  ['down_payment', /\bdown ?payment\b/g],
  ['down_payment', /\bput(ting)? down\b/g],
  ['income', /\b(salary|income|gross|earn|earns|earning|take home|bring in|brings in)\b/g],
  ['income', /\b(make|makes|made|making)\b(?!\s+(that|it)\b)/g],
  ['monthly_debts', /\bdebts?\b/g],
  ['monthly_debts', /\b(car|auto|truck|student loan|credit card|minimum) payments?\b/g],
  ['monthly_debts', /\b(student loans?|credit cards?|car (loan|note))\b/g],
  ['credit_score', /\b(credit|score|fico)\b/g],
  [
    'none',
    /\b(payment|rent|rate|interest|points?|closing costs|escrow|taxes|insurance|hoa|fees?)\b/g,
  ],
  ['none', /\b(owe|balance|pay(ing)? off|payoff|cash|take out|pull out)\b/g],
];

/** Cues said right after a number: "20 percent down", "twelve hundred in monthly debts". */
const RIGHT_CUES: readonly [NumberTarget, RegExp][] = [
  ['down_payment', /^\s*(down\b|(as|for|in) (a |the |my )?down ?payment)/i],
  [
    'monthly_debts',
    /^\s*((a|per) month\s+)?(in|of|for|on)\s+(the |my |our )?(monthly\s+)?(debts?|car|student|credit cards?|loan payments)\b/i,
  ],
  ['credit_score', /^\s*(credit|fico|(on|for) (my|the|our) (credit|score))\b/i],
  ['years_employed', /^\s*(years?|yrs)\b/i],
  [
    'none',
    /^\s*(months?|weeks?|days?|hours?|minutes?|times|kids|children|people|bedrooms?|bathrooms?|units?|cars?|points?|basis|st|nd|rd|th)\b/i,
  ],
];

export const RANGE_CONNECTOR = /^\s*(to|and|or|-|–|through)\s*$/i;
export const CORRECTION =
  /\b(actually|make that|make it|sorry,? i meant|i meant|i mean|correction|scratch that|no,? wait|let me correct|rather)\b/i;
export const JOB =
  /\b(work|works|working|worked|job|employ\w*|been (there|with|at)|company|position)\b/i;
export const PERIOD_YEAR =
  /\b(a|per|each|every) (year|yr|annum)\b|\b(annually|yearly|annual|salary)\b/i;
export const PERIOD_MONTH = /\b(a|per|each|every) (month|mo)\b|\bmonthly\b/i;
/** Second person: an agent's sentence about the borrower says "you"; "I" would be the agent. */
export const ADDRESSED = /\byou(r|'re|'ve|'d)?\b/i;

export function leftCue(words: string): NumberTarget | null {
  let best: { target: NumberTarget; end: number; length: number } | null = null;
  for (const [target, pattern] of LEFT_CUES) {
    for (const match of words.matchAll(pattern)) {
      const end = match.index + match[0].length;
      const length = match[0].length;
      if (!best || end > best.end || (end === best.end && length > best.length)) {
        best = { target, end, length };
      }
    }
  }
  return best?.target ?? null;
}

export function rightCue(words: string): NumberTarget | null {
  return RIGHT_CUES.find(([, pattern]) => pattern.test(words))?.[0] ?? null;
}

export function periodOf(words: string): 'year' | 'month' | null {
  const year = PERIOD_YEAR.exec(words);
  const month = PERIOD_MONTH.exec(words);
  if (year && month) return year.index <= month.index ? 'year' : 'month';
  return year ? 'year' : month ? 'month' : null;
}

/** Categorical fields: each label with the phrases that name it. */
export const LOAN_PURPOSES = {
  cash_out_refinance: [
    /\bcash[- ]?out\b/gi,
    /\b(take|taking|pull|pulling|get|getting) (some |a little |a bit of )?(cash|equity|money) out\b/gi,
    /\b(take|taking|pull|pulling) out (some )?(cash|equity)\b/gi,
  ],
  refinance: [/\brefinanc\w*/gi, /\brefi\b/gi, /\blower (my|our|the) (rate|payment)\b/gi],
  purchase: [
    /\b(buy|buying|purchasing)\b/gi,
    /\bpurchase\b(?! price)/gi,
    /\bpre-?approv\w*/gi,
    /\b(under contract|make an offer|home ?buyers?|house hunting)\b/gi,
  ],
} as const;

export const LOAN_TYPES = {
  fha: [/\bfha\b/gi],
  va: [/\b(va|v\.a\.) (loan|mortgage)s?\b/gi, /\bveterans? (affairs|loan|benefits?)\b/gi],
  usda: [/\busda\b/gi, /\brural development\b/gi],
  jumbo: [/\bjumbo\b/gi],
  conventional: [/\bconventional\b/gi],
} as const;

export const OCCUPANCIES = {
  primary: [
    /\bprimary (residence|home)\b/gi,
    /\b(live|living) (in it|there|in the (house|home))\b/gi,
    /\bowner[- ]occupied\b/gi,
    /\bmove in\b/gi,
  ],
  second_home: [
    /\bsecond (home|house)\b/gi,
    /\b(vacation|weekend|holiday) (home|house|place|property)\b/gi,
  ],
  investment: [
    /\binvestment (property|home|house)\b/gi,
    /\brental( property)?\b/gi,
    /\brent (it|them) out\b/gi,
    /\btenants?\b/gi,
  ],
} as const;

export const CO_BORROWER =
  /\b(co-?borrowers?|co-?signers?|co-?applicants?|on the (loan|application|mortgage)|my (wife|husband|spouse|partner|fianc[ée]e?))\b/i;
export const SELF_INTRODUCTION = /\b(my name is|name's|this is|i'm|i am|it's)\s*$/i;
export const AGENT_ADDRESSING = /\b(speaking (with|to)|is this|talking (with|to))\s*$/i;
/** "I work at", "I've been with", "I'm a nurse at", "my employer is" — the employer named next. */
export const EMPLOYER_BEFORE =
  /\b((work|works|working|worked|employed) (at|for|with|by)|(been|be) (with|at)|(employer|company) is|(i'm|i am|she's|he's|you're) an? [a-z]+( [a-z]+)? (at|for|with))\s+(the\s+)?$/i;
/** Cheap test before looking for names: the sentence may say where someone works. */
export const EMPLOYER_CUE =
  /\b(work\w*|employ\w*|been|company|(i'm|i am|she's|he's|you're) an?)\b/i;
export const PROPERTY =
  /\b(property|house|home|condo|place|address|located|buying|purchase|subject)\b/i;
export const MAILING = /\b(mail|mailing|send)\b/i;
export const TIMELINE =
  /\b(clos(e|ing)|move in|moving|settle(ment)?|timeline|time ?frame|be in the (house|home))\b/i;

/** A negation within the few words before a phrase: "not looking to take cash out". */
export function negatedBefore(text: string, index: number): boolean {
  return /(n't|\b(not|never|no))\b[^.,;]{0,30}$/i.test(text.slice(Math.max(0, index - 40), index));
}

/** The labels a sentence names without negation; a sentence naming two labels decides nothing. */
export function labelsIn<L extends string>(
  text: string,
  table: Readonly<Record<L, readonly RegExp[]>>,
): { label: L; index: number }[] {
  const found: { label: L; index: number }[] = [];
  for (const label of Object.keys(table) as L[]) {
    for (const pattern of table[label]) {
      for (const match of text.matchAll(pattern)) {
        if (!negatedBefore(text, match.index)) found.push({ label, index: match.index });
      }
    }
  }
  return found;
}
