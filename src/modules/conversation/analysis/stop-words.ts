/**
 * Words that say nothing about what a call was about: English function words, contractions and
 * the small talk and fillers of phone calls. Keywords and summary scoring skip them.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `
  a about above after again against all also am an and any are around as at be because been
  before being below between both but by can could did do does doing down during each either else
  even ever every few for from further had has have having he her here hers herself him himself
  his how i if in into is it its itself just may me might more most much must my myself no nor not
  now of off on once only or other our ours ourselves out over own same shall she should so some
  such than that the their theirs them themselves then there these they this those through to too
  under until up upon us very was we were what when where whether which while who whom whose why
  will with within without would yet you your yours yourself yourselves

  aren't can't couldn't didn't doesn't don't hadn't hasn't haven't he's i'd i'll i'm i've isn't
  it'd it'll it's let's she's shouldn't that'll that's there's they'd they'll they're they've
  wasn't we'd we'll we're we've weren't what's where's who's won't wouldn't you'd you'll you're
  you've

  actually alright anything basically bye come erm get getting give go going gonna good got great
  hello hey hmm just let like literally know look make mean need okay one please really right said
  say see something sorry sure take tell thank thanks thing things think uhm want wanna way well
  yeah yep yes
  `
    .trim()
    .split(/\s+/),
);
