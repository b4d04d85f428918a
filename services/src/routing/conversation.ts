/**
 * Who was in the conversation when a statement was said: the in-meeting evidence for routing a
 * statement of a recorded or imported meeting (a contribution with several speakers). Pure: the
 * API passes the contribution's transcript turns (speaker labels already linked to members), the
 * routing eval passes a meeting's turns; both get the same answer from the same code.
 *
 * Only what was said BEFORE the statement's question counts (what came after would be the answer).
 * The question's moment is the start of the speaker's last turn inside the statement that asks
 * something (a "?"), or the statement's start when no turn does (unpunctuated recogniser output).
 *
 * Two signals, measured on AMI and ICSI dev (`npm run eval -- routing`):
 * - `previous`: the last other person to speak before the question, in any turn — the live
 *   meeting's "reply to" (the first responder 0.54 of the time on AMI, 0.60 on ICSI);
 * - `floorRank`: the order in which other people last said something substantive (0 = most
 *   recently), stepping over backchannels ("Mm-hmm.", "Yeah, okay."), which rarely come from the
 *   person the question is for;
 * - `exchange`: who has been taking up what the asker says in this conversation.
 */

export interface ConversationTurn {
  /** The person (member id, or any stable key); null when the transcript does not say. */
  speaker: string | null;
  text: string;
  startMs: number;
  endMs: number;
}

export interface ConversationRole {
  /** They were the last other person to speak before the question. */
  previous: boolean;
  /** 0 = the last other person to say something substantive before the question, 1 = the one before, … */
  floorRank: number;
  /** Of the asker's earlier turns that someone took up, the share they took up (spoke next, substantively). */
  exchange: number;
}

/** The start of the asker's last question turn inside the statement, else the statement's start. */
export function questionMoment(statement: { speaker: string | null; startMs: number; endMs: number }, turns: ConversationTurn[]): number {
  let moment = statement.startMs;
  for (const t of turns)
    if (t.speaker === statement.speaker && t.startMs >= statement.startMs && t.startMs < statement.endMs && t.text.includes('?'))
      moment = Math.max(moment, t.startMs);
  return moment;
}

/** Each other speaker's place in the conversation before `beforeMs` (people who had not spoken are absent). */
export function conversationBefore(turns: ConversationTurn[], asker: string | null, beforeMs: number): Map<string, ConversationRole> {
  const before = turns.filter((t) => t.startMs < beforeMs && t.speaker !== null && t.text.trim());
  before.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const earlier = before.filter((t) => t.speaker !== asker).reverse();
  const takenUp = takeUps(before, asker);
  const roles = new Map<string, ConversationRole>();
  const previous = earlier[0]?.speaker ?? null;
  const role = (who: string, floorRank: number) => ({
    previous: who === previous,
    floorRank,
    exchange: takenUp.total ? (takenUp.by.get(who) ?? 0) / takenUp.total : 0,
  });
  let rank = 0;
  for (const t of earlier) {
    const who = t.speaker!;
    if (roles.has(who) || isBackchannel(t.text)) continue;
    roles.set(who, role(who, rank++));
  }
  // Someone who only backchanneled still counts as present, behind everyone who said something.
  for (const t of earlier) if (!roles.has(t.speaker!)) roles.set(t.speaker!, role(t.speaker!, rank++));
  return roles;
}

/** For each of the asker's turns (time order), who next said something substantive before the asker spoke again. */
function takeUps(turns: ConversationTurn[], asker: string | null): { total: number; by: Map<string, number> } {
  const by = new Map<string, number>();
  let total = 0;
  let waiting = false;
  for (const t of turns) {
    if (t.speaker === asker) waiting = true;
    else if (waiting && !isBackchannel(t.text)) {
      by.set(t.speaker!, (by.get(t.speaker!) ?? 0) + 1);
      total++;
      waiting = false;
    }
  }
  return { total, by };
}

/** Words that carry nothing on their own in a reply: acknowledgements, fillers, hedges. */
const BACKCHANNEL = new Set(
  `mm mmm mm-hmm mmhmm mhm mm-mm hmm hm uh um umm uh-huh uh-uh um-hmm er erm ah oh ooh eh huh yeah yea yeh ya yep
  yup yes no nope nah okay ok kay alright right sure so well and but or cool great good nice fine exactly true
  totally absolutely definitely indeed really sorry thanks thank you i see think guess know mean that that's it
  it's is was ha wow hey hi hello anyway maybe probably me too also all just the a of course agreed fair enough`.split(/\s+/),
);

/** A turn with no word outside the backchannel list (or no word at all). */
export function isBackchannel(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z' -]/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[-']+|[-']+$/g, ''))
    .filter(Boolean);
  return words.every((w) => BACKCHANNEL.has(w));
}
