import { candidate, comesBefore, latest, round, type Candidate } from './extracted-value.js';
import type {
  CreditScoreValue,
  DownPaymentValue,
  ExtractedValue,
  ExtractionContext,
  LoanPurpose,
  MoneyValue,
  MortgageFields,
  TimelineValue,
  UsAddress,
} from './extraction.types.js';
import {
  ADDRESSED,
  AGENT_ADDRESSING,
  CO_BORROWER,
  CORRECTION,
  EMPLOYER_BEFORE,
  EMPLOYER_CUE,
  JOB,
  labelsIn,
  leftCue,
  LOAN_PURPOSES,
  LOAN_TYPES,
  MAILING,
  MORTGAGE_KEYWORDS,
  OCCUPANCIES,
  periodOf,
  PROPERTY,
  RANGE_CONNECTOR,
  rightCue,
  SELF_INTRODUCTION,
  TIMELINE,
  type NumberTarget,
  type NumericField,
} from './mortgage-cues.js';
import type { NumberMention } from './number-mentions.js';
import type { NamedMention, SentenceFacts } from './sentence-facts.js';

/**
 * Mortgage fields, extracted only from calls about a loan: at least two distinct
 * MORTGAGE_KEYWORDS anywhere in the transcript (one "closing" or "loan" in a sales call
 * is not enough).
 *
 * A value comes from a statement, never from a question. Confidence:
 * - 0.9  the customer states it with a cue in the same sentence ("my credit score is 720");
 * - 0.8  the customer answers the agent's question that carried the cue ("What's the price?" "450 thousand.");
 * - 0.7  the agent states or restates it (for the borrower's own details only when said to them: "you make…");
 * - +0.05 a correction marker ("actually", "make that", "sorry, I meant"); a cue-less figure after
 *        one corrects the field of the figure said just before it ("actually, make that 420 thousand");
 * - 0.5  weak inference: "four fifty" read as 450,000 for a price, an income without a period
 *        (annual when ≥ 15,000), an address said without saying it is the property.
 * The later mention of a field wins; its evidence is the most confident mention of that final value.
 */
export function extractMortgageFields(
  facts: readonly SentenceFacts[],
  ctx: ExtractionContext,
): MortgageFields | null {
  const signals = mortgageSignals(facts);
  if (signals.length < 2) return null;

  const numeric = numericCandidates(facts);
  const purchasePrice = final(numeric.purchase_price);
  const borrower = final(nameCandidates(facts));

  return {
    signals,
    loan_amount: final(numeric.loan_amount),
    loan_purpose: loanPurpose(facts),
    loan_type: final(labelCandidates(facts, LOAN_TYPES)),
    property_address: propertyAddress(facts),
    purchase_price: purchasePrice,
    estimated_value: final(numeric.estimated_value),
    down_payment: completeDownPayment(final(numeric.down_payment), purchasePrice),
    occupancy: final(labelCandidates(facts, OCCUPANCIES)),
    borrower_name: borrower,
    co_borrower_name: final(coBorrowerCandidates(facts, borrower?.value ?? null)),
    annual_income: final(numeric.annual_income),
    monthly_income: final(numeric.monthly_income),
    employer: final(employerCandidates(facts)),
    years_employed: final(numeric.years_employed),
    credit_score: final(numeric.credit_score),
    monthly_debts: final(numeric.monthly_debts),
    timeline: final(timelineCandidates(facts, ctx.startedAt)),
  };
}

export function mortgageSignals(facts: readonly SentenceFacts[]): string[] {
  return MORTGAGE_KEYWORDS.filter(({ pattern }) =>
    facts.some((fact) => pattern.test(fact.text)),
  ).map(({ keyword }) => keyword);
}

const CONFIDENCE = { customer: 0.9, answer: 0.8, agent: 0.7, weak: 0.5, correction: 0.05 } as const;
const PERSONAL_FIELDS = new Set<NumericField>([
  'income',
  'monthly_debts',
  'credit_score',
  'years_employed',
]);

interface NumericCandidates {
  loan_amount: Candidate<MoneyValue>[];
  purchase_price: Candidate<MoneyValue>[];
  estimated_value: Candidate<MoneyValue>[];
  down_payment: Candidate<DownPaymentValue>[];
  annual_income: Candidate<MoneyValue>[];
  monthly_income: Candidate<MoneyValue>[];
  monthly_debts: Candidate<MoneyValue>[];
  credit_score: Candidate<CreditScoreValue>[];
  years_employed: Candidate<number>[];
}

/** How a number got its field, which decides its confidence. */
type Source = 'cue' | 'answer' | 'correction';

interface Assigned {
  mention: NumberMention;
  field: NumericField;
  source: Source;
  corrected: boolean;
}

function numericCandidates(facts: readonly SentenceFacts[]): NumericCandidates {
  const found: NumericCandidates = {
    loan_amount: [],
    purchase_price: [],
    estimated_value: [],
    down_payment: [],
    annual_income: [],
    monthly_income: [],
    monthly_debts: [],
    credit_score: [],
    years_employed: [],
  };
  let lastField: { field: NumericField; percent: boolean } | null = null;

  facts.forEach((fact, index) => {
    if (fact.question) return;
    const answerTo = questionAnswered(facts, index);
    const assigned = assignFields(fact, answerTo, lastField);
    const debts: { mention: NumberMention; confidence: number }[] = [];

    for (let i = 0; i < assigned.length; i += 1) {
      const { mention, field, source, corrected } = assigned[i]!;
      if (
        fact.sentence.role === 'agent' &&
        PERSONAL_FIELDS.has(field) &&
        !ADDRESSED.test(fact.text)
      ) {
        continue;
      }
      const base =
        fact.sentence.role === 'agent'
          ? CONFIDENCE.agent
          : source === 'answer'
            ? CONFIDENCE.answer
            : CONFIDENCE.customer;
      const confidence = base + (corrected ? CONFIDENCE.correction : 0);
      const at = <T>(value: T, c = confidence) => candidate(value, c, fact.sentence, mention.start);

      switch (field) {
        case 'loan_amount':
        case 'purchase_price':
        case 'estimated_value': {
          const amount = propertyAmount(mention);
          if (!amount) continue;
          found[field].push(at(money(amount.value, mention), Math.min(confidence, amount.cap)));
          break;
        }
        case 'down_payment': {
          const value = downPayment(mention);
          if (!value) continue;
          found.down_payment.push(at(value));
          break;
        }
        case 'income': {
          const income = incomeOf(fact.text, mention);
          if (!income) continue;
          const target = income.period === 'month' ? found.monthly_income : found.annual_income;
          target.push(at(money(income.value, mention), Math.min(confidence, income.cap)));
          break;
        }
        case 'monthly_debts':
          if (mention.percent || mention.value <= 0 || mention.value >= 100_000) continue;
          debts.push({ mention, confidence });
          break;
        case 'credit_score': {
          if (!isScore(mention)) continue;
          const next = assigned[i + 1];
          const between = next ? fact.text.slice(mention.end, next.mention.start) : '';
          if (
            next &&
            next.field === 'credit_score' &&
            isScore(next.mention) &&
            RANGE_CONNECTOR.test(between)
          ) {
            const low = Math.min(mention.value, next.mention.value);
            const high = Math.max(mention.value, next.mention.value);
            const text = fact.text.slice(mention.start, next.mention.end);
            found.credit_score.push(
              at<CreditScoreValue>({ score: null, range: { min: low, max: high }, text }),
            );
            i += 1;
          } else {
            found.credit_score.push(
              at<CreditScoreValue>({ score: mention.value, range: null, text: mention.text }),
            );
          }
          break;
        }
        case 'years_employed':
          if (mention.percent || mention.value <= 0 || mention.value > 60) continue;
          found.years_employed.push(at(mention.value));
          break;
      }
      lastField = { field, percent: mention.percent };
    }

    // Debts listed in one sentence ("450 for the car and 300 in student loans") add up.
    if (debts.length > 0) {
      const first = debts[0]!;
      const total = debts.reduce((sum, debt) => sum + debt.mention.value, 0);
      const text = fact.text.slice(first.mention.start, debts.at(-1)!.mention.end);
      const confidence = Math.min(...debts.map((debt) => debt.confidence));
      found.monthly_debts.push(
        candidate(
          { amount: total, currency: first.mention.currency ?? 'USD', text },
          confidence,
          fact.sentence,
          first.mention.start,
        ),
      );
    }
  });
  return found;
}

function assignFields(
  fact: SentenceFacts,
  answerTo: SentenceFacts | null,
  lastField: { field: NumericField; percent: boolean } | null,
): Assigned[] {
  const { text, numbers } = fact;
  const jobSentence = JOB.test(text) || (answerTo !== null && JOB.test(answerTo.text));
  const assigned: Assigned[] = [];
  let previous: Assigned | null = null;

  numbers.forEach((mention, i) => {
    const before = text.slice(numbers[i - 1]?.end ?? 0, mention.start);
    const after = text.slice(mention.end, numbers[i + 1]?.start ?? text.length);
    const corrected = CORRECTION.test(text.slice(0, mention.start));
    let target: NumberTarget | null = rightCue(after);
    if (target === 'years_employed' && !jobSentence) target = 'none';
    let source: Source = 'cue';

    if (target === null) target = leftCue(before);
    if (target === null && previous && RANGE_CONNECTOR.test(before)) target = previous.field;
    if (target === null && corrected && lastField && lastField.percent === mention.percent) {
      target = lastField.field;
      source = 'correction';
    }
    if (target === null && answerTo && fact.sentence.role === 'customer') {
      target = leftCue(answerTo.text);
      source = 'answer';
    }
    if (target === null || target === 'none') return;
    previous = { mention, field: target, source, corrected };
    assigned.push(previous);
  });
  return assigned;
}

/** The agent's question a customer sentence answers: the last question of the agent's turn just before. */
function questionAnswered(facts: readonly SentenceFacts[], index: number): SentenceFacts | null {
  const segment = facts[index]!.sentence.segment_index;
  let i = index - 1;
  while (i >= 0 && facts[i]!.sentence.segment_index === segment) i -= 1;
  const previousTurn = facts[i];
  if (!previousTurn || previousTurn.sentence.role !== 'agent') return null;
  for (
    let j = i;
    j >= 0 && facts[j]!.sentence.segment_index === previousTurn.sentence.segment_index;
    j -= 1
  ) {
    if (facts[j]!.question) return facts[j]!;
  }
  return null;
}

function money(amount: number, mention: NumberMention): MoneyValue {
  return { amount, currency: mention.currency ?? 'USD', text: mention.text };
}

/** Prices and loans are said in thousands: "four fifty" is 450,000, at weak confidence. */
function propertyAmount(mention: NumberMention): { value: number; cap: number } | null {
  if (mention.percent) return null;
  if (mention.value >= 10_000) return { value: mention.value, cap: 1 };
  if (!mention.scaled && mention.value >= 100 && mention.value < 1_000) {
    return { value: mention.value * 1_000, cap: CONFIDENCE.weak };
  }
  return null;
}

function downPayment(mention: NumberMention): DownPaymentValue | null {
  if (mention.percent) {
    return mention.value > 0 && mention.value < 100
      ? { amount: null, percent: mention.value, text: mention.text }
      : null;
  }
  return mention.value >= 1_000
    ? { amount: mention.value, percent: null, text: mention.text }
    : null;
}

function incomeOf(
  text: string,
  mention: NumberMention,
): { value: number; period: 'year' | 'month'; cap: number } | null {
  if (mention.percent) return null;
  const period = periodOf(text.slice(mention.end)) ?? periodOf(text.slice(0, mention.start));
  if (period === 'month')
    return mention.value >= 500 ? { value: mention.value, period, cap: 1 } : null;
  if (period === 'year') {
    if (mention.value >= 10_000) return { value: mention.value, period, cap: 1 };
    // "one twenty a year" is 120,000.
    if (!mention.scaled && mention.value >= 100 && mention.value < 1_000) {
      return { value: mention.value * 1_000, period, cap: CONFIDENCE.weak };
    }
    return null;
  }
  if (mention.value >= 15_000)
    return { value: mention.value, period: 'year', cap: CONFIDENCE.weak };
  if (mention.value >= 500) return { value: mention.value, period: 'month', cap: CONFIDENCE.weak };
  return null;
}

function isScore(mention: NumberMention): boolean {
  return (
    !mention.percent && mention.currency === null && mention.value >= 300 && mention.value <= 850
  );
}

/** With a purchase price, a down payment said in one form is completed in the other. */
function completeDownPayment(
  down: ExtractedValue<DownPaymentValue> | null,
  price: ExtractedValue<MoneyValue> | null,
): ExtractedValue<DownPaymentValue> | null {
  if (!down || !price || price.value.amount <= 0) return down;
  const { amount, percent } = down.value;
  if (percent !== null && amount === null) {
    return {
      ...down,
      value: { ...down.value, amount: Math.round((price.value.amount * percent) / 100) },
    };
  }
  if (amount !== null && percent === null) {
    const derived = Math.round((amount / price.value.amount) * 10_000) / 100;
    return { ...down, value: { ...down.value, percent: derived } };
  }
  return down;
}

function statementConfidence(fact: SentenceFacts): number {
  const base = fact.sentence.role === 'customer' ? CONFIDENCE.customer : CONFIDENCE.agent;
  return base + (CORRECTION.test(fact.text) ? CONFIDENCE.correction : 0);
}

function labelCandidates<L extends string>(
  facts: readonly SentenceFacts[],
  table: Readonly<Record<L, readonly RegExp[]>>,
): Candidate<L>[] {
  const found: Candidate<L>[] = [];
  for (const fact of facts) {
    if (fact.question) continue;
    const labels = labelsIn(fact.text, table);
    const distinct = new Set(labels.map((l) => l.label));
    if (distinct.size !== 1) continue;
    found.push(
      candidate(labels[0]!.label, statementConfidence(fact), fact.sentence, labels[0]!.index),
    );
  }
  return found;
}

/**
 * The later mention wins, except that "refinance" said after "cash-out" still means a
 * cash-out refinance: it names the kind of loan again rather than changing it.
 */
function loanPurpose(facts: readonly SentenceFacts[]): ExtractedValue<LoanPurpose> | null {
  const found: Candidate<LoanPurpose>[] = [];
  for (const fact of facts) {
    if (fact.question) continue;
    const labels = new Set(labelsIn(fact.text, LOAN_PURPOSES).map((l) => l.label));
    const label: LoanPurpose | null = labels.has('cash_out_refinance')
      ? 'cash_out_refinance'
      : labels.has('refinance') && !labels.has('purchase')
        ? 'refinance'
        : labels.has('purchase') && !labels.has('refinance')
          ? 'purchase'
          : null;
    if (label) found.push(candidate(label, statementConfidence(fact), fact.sentence));
  }
  const last = latest(found);
  if (last?.extracted.value === 'refinance') {
    const cashOut = latest(found.filter((c) => c.extracted.value === 'cash_out_refinance'));
    if (cashOut) return cashOut.extracted;
  }
  return final(found);
}

function nameCandidates(facts: readonly SentenceFacts[]): Candidate<string>[] {
  const found: Candidate<string>[] = [];
  for (const fact of facts) {
    for (const person of fact.people) {
      const before = fact.text.slice(0, person.start);
      if (fact.sentence.role === 'customer' && !fact.question && SELF_INTRODUCTION.test(before)) {
        found.push(candidate(person.name, CONFIDENCE.customer, fact.sentence, person.start));
      } else if (fact.sentence.role === 'agent' && AGENT_ADDRESSING.test(before)) {
        found.push(candidate(person.name, CONFIDENCE.agent, fact.sentence, person.start));
      }
    }
  }
  return found;
}

function coBorrowerCandidates(
  facts: readonly SentenceFacts[],
  borrower: string | null,
): Candidate<string>[] {
  const found: Candidate<string>[] = [];
  for (const fact of facts) {
    if (fact.question || !CO_BORROWER.test(fact.text)) continue;
    if (fact.sentence.role === 'agent' && !ADDRESSED.test(fact.text)) continue;
    const person = fact.people.find((p) => p.name.toLowerCase() !== borrower?.toLowerCase());
    if (person)
      found.push(candidate(person.name, statementConfidence(fact), fact.sentence, person.start));
  }
  return found;
}

function employerCandidates(facts: readonly SentenceFacts[]): Candidate<string>[] {
  const found: Candidate<string>[] = [];
  for (const fact of facts) {
    if (fact.question || !EMPLOYER_CUE.test(fact.text)) continue;
    if (fact.sentence.role === 'agent' && !ADDRESSED.test(fact.text)) continue;
    const employer = properNames(fact).find((name) =>
      EMPLOYER_BEFORE.test(fact.text.slice(0, name.start)),
    );
    if (employer)
      found.push(
        candidate(employer.name, statementConfidence(fact), fact.sentence, employer.start),
      );
  }
  return found;
}

/** Organisations compromise knows, then any run of title-cased words it does not take for a person. */
function properNames(fact: SentenceFacts): NamedMention[] {
  const names = [...fact.organizations];
  for (const noun of fact.properNouns) {
    const isPerson = fact.people.some((p) => p.start <= noun.start && noun.start < p.end);
    if (!isPerson && !names.some((n) => n.start === noun.start)) names.push(noun);
  }
  return names.sort((a, b) => a.start - b.start);
}

function propertyAddress(facts: readonly SentenceFacts[]): ExtractedValue<UsAddress> | null {
  const stated: Candidate<UsAddress>[] = [];
  const other: Candidate<UsAddress>[] = [];
  for (const fact of facts) {
    for (const mention of fact.addresses) {
      if (PROPERTY.test(fact.text) && !MAILING.test(fact.text)) {
        stated.push(
          candidate(mention.address, statementConfidence(fact), fact.sentence, mention.start),
        );
      } else {
        other.push(candidate(mention.address, CONFIDENCE.weak, fact.sentence, mention.start));
      }
    }
  }
  return final(stated.length > 0 ? stated : other);
}

function timelineCandidates(
  facts: readonly SentenceFacts[],
  startedAt: Date,
): Candidate<TimelineValue>[] {
  const found: Candidate<TimelineValue>[] = [];
  facts.forEach((fact, index) => {
    if (fact.question) return;
    const answerTo = fact.sentence.role === 'customer' ? questionAnswered(facts, index) : null;
    const cue = TIMELINE.exec(fact.text);
    const answers = !cue && answerTo !== null && TIMELINE.test(answerTo.text);
    if (!cue && !answers) return;
    for (const date of fact.dates) {
      // "closing in 45 days": the cue and the date together, when the cue comes first.
      const from =
        cue && cue.index < date.start && date.start - cue.index <= 40 ? cue.index : date.start;
      const value: TimelineValue = {
        text: fact.text.slice(from, date.end),
        days: Math.round((date.date.getTime() - startedAt.getTime()) / 86_400_000),
        date: date.date.toISOString(),
      };
      const confidence = answers ? CONFIDENCE.answer : statementConfidence(fact);
      found.push(candidate(value, confidence, fact.sentence, date.start));
    }
  });
  return found;
}

/**
 * The latest mention decides the value; among the mentions of that value since it was
 * last different, the most confident one is the evidence (an agent repeating the
 * customer's figure does not lower it).
 */
function final<T>(candidates: Candidate<T>[]): ExtractedValue<T> | null {
  const ordered = [...candidates].sort((a, b) =>
    comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0,
  );
  const last = ordered.at(-1);
  if (!last) return null;
  const key = JSON.stringify(valueKey(last.extracted.value));
  let best = last;
  for (let i = ordered.length - 1; i >= 0; i -= 1) {
    const current = ordered[i]!;
    if (JSON.stringify(valueKey(current.extracted.value)) !== key) break;
    if (current.extracted.confidence > best.extracted.confidence) best = current;
  }
  return { ...best.extracted, confidence: round(best.extracted.confidence) };
}

/** What makes two mentions the same value: the figure, not how it was worded. */
function valueKey(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const { text: _text, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}
