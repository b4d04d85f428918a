/**
 * A conference's contributions as a thread: the list from GET /api/conferences/:id, each
 * contribution's statements (GET /api/contributions/:id, fetched a few at a time), live status
 * from /api/events, and replies placed under the contribution or statement they answer.
 * One instance per conference page (create it in the component, not as a module singleton).
 */
import { contributions as contributionsApi } from '../api';
import type { Contribution, ContributionEvent, Id, ModerationEvent, Statement } from '@colloquy/contract';

/** What a host (or a contribution's author, for deleting it) can do from the thread or the player. */
export type ModerationAction = 'delete-contribution' | 'delete-statement' | 'hide' | 'unhide';

export interface ThreadNode {
  contribution: Contribution;
  /** Statements, labels and summary, once fetched. */
  detail: Contribution | undefined;
  /** Replies to the contribution as a whole, oldest first. */
  replies: ThreadNode[];
  /** Replies to one of its statements, by statement id, oldest first. */
  statementReplies: Record<Id, ThreadNode[]>;
}

const FINAL = new Set(['ready', 'failed']);
const CONCURRENT_FETCHES = 4;

export class ConferenceThread {
  contributions = $state<Contribution[]>([]);
  details = $state<Record<Id, Contribution>>({});
  /** Contributions whose statements could not be fetched, with the reason. */
  detailErrors = $state<Record<Id, string>>({});

  #queue: Id[] = [];
  #inFlight = new Set<Id>();
  /** Asked for again while a fetch was under way (a change it may have missed): fetched once more after it. */
  #again = new Set<Id>();
  #held: boolean;

  /** With `deferDetails`, statements are fetched only after fetchAllDetails(), e.g. once more urgent requests are done. */
  constructor(
    readonly conferenceId: Id,
    initial: Contribution[] = [],
    options: { deferDetails?: boolean } = {},
  ) {
    this.#held = options.deferDetails ?? false;
    this.replace(initial);
  }

  /** Start (or resume) fetching every contribution's statements. */
  fetchAllDetails() {
    this.#held = false;
    for (const c of this.contributions) if (!this.details[c.id]) this.fetchDetail(c.id);
    this.#pump();
  }

  /** Any contribution still moving through the pipeline. */
  busy = $derived(this.contributions.some((c) => !FINAL.has(c.status)));

  /** Where each statement is: its contribution and start, for citations and reply targets. */
  statementIndex = $derived.by(() => {
    const index = new Map<Id, Statement>();
    for (const d of Object.values(this.details)) for (const s of d.statements ?? []) index.set(s.id, s);
    return index;
  });

  /**
   * The thread, newest conversation first (a conversation is as new as its latest reply, so an
   * answer to an old contribution brings it back up); replies sit under what they answer.
   */
  roots = $derived.by(() => {
    const nodes = new Map<Id, ThreadNode>();
    for (const c of this.contributions) nodes.set(c.id, { contribution: c, detail: this.details[c.id], replies: [], statementReplies: {} });
    const roots: ThreadNode[] = [];
    const byAge = [...this.contributions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const c of byAge) {
      const node = nodes.get(c.id)!;
      const statementId = c.replyTo.statementId;
      const owner = statementId ? this.statementIndex.get(statementId)?.contributionId : c.replyTo.contributionId;
      const parent = owner && owner !== c.id ? nodes.get(owner) : undefined;
      if (!parent) roots.push(node);
      else if (statementId) {
        parent.statementReplies[statementId] ??= [];
        parent.statementReplies[statementId].push(node);
      } else parent.replies.push(node);
    }
    const latest = (n: ThreadNode): string =>
      [n.contribution.createdAt, ...n.replies.map(latest), ...Object.values(n.statementReplies).flat().map(latest)].reduce((a, b) =>
        a > b ? a : b,
      );
    return roots
      .map((node) => ({ node, at: latest(node) }))
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((x) => x.node);
  });

  /** Take a fresh list from the server, keeping fetched statements of unchanged contributions. */
  replace(list: Contribution[]) {
    const before = new Map(this.contributions.map((c) => [c.id, c]));
    this.contributions = list;
    for (const c of list) {
      const old = before.get(c.id);
      if (!this.details[c.id] || (old && old.status !== c.status) || (old && old.updatedAt !== c.updatedAt && c.status === 'ready'))
        this.fetchDetail(c.id);
    }
  }

  /** A contribution just uploaded: show it at once; events move it along. */
  add(c: Contribution) {
    if (this.contributions.some((x) => x.id === c.id)) return;
    this.contributions = [...this.contributions, c];
  }

  /**
   * A live pipeline event. Returns false when the contribution is not in the list yet (someone
   * else posted it): the caller reloads the conference.
   */
  applyEvent(e: ContributionEvent): boolean {
    if (e.conferenceId !== this.conferenceId) return true;
    const c = this.contributions.find((x) => x.id === e.id);
    if (!c) return false;
    // Finished either way: fetch its statements, or its error code (events carry only the message).
    const finished = FINAL.has(e.status) && c.status !== e.status;
    c.status = e.status;
    c.stage = e.stage;
    c.progress = e.progress;
    c.etaSeconds = e.etaSeconds ?? null;
    c.error = e.error;
    if (finished) this.fetchDetail(c.id);
    return true;
  }

  /**
   * Something was deleted, hidden or shown again (here or on another open page): a deleted
   * contribution leaves at once; for a statement, the contribution is fetched again, since the
   * server decides what this reader may see (members lose hidden statements, hosts see them marked).
   */
  applyModeration(e: Pick<ModerationEvent, 'action' | 'conferenceId' | 'contributionId'>) {
    if (e.conferenceId !== this.conferenceId) return;
    if (e.action === 'contribution-deleted') {
      this.contributions = this.contributions.filter((c) => c.id !== e.contributionId);
      delete this.details[e.contributionId];
      delete this.detailErrors[e.contributionId];
    } else if (this.contributions.some((c) => c.id === e.contributionId)) this.fetchDetail(e.contributionId);
  }

  /** Fetch (again) one contribution's statements; at most a few requests at a time. */
  fetchDetail(id: Id) {
    if (this.#inFlight.has(id)) this.#again.add(id);
    else if (!this.#queue.includes(id)) this.#queue.push(id);
    this.#pump();
  }

  #pump() {
    if (this.#held) return;
    while (this.#inFlight.size < CONCURRENT_FETCHES && this.#queue.length > 0) {
      const id = this.#queue.shift()!;
      if (this.#inFlight.has(id)) continue;
      this.#inFlight.add(id);
      contributionsApi
        .get(id)
        .then((detail) => {
          this.details[id] = detail;
          delete this.detailErrors[id];
          const c = this.contributions.find((x) => x.id === id);
          // The detail is newer than the list: keep the status the reader sees in step.
          if (c)
            Object.assign(c, {
              status: detail.status,
              stage: detail.stage,
              progress: detail.progress,
              etaSeconds: detail.etaSeconds ?? null,
              error: detail.error,
              errorCode: detail.errorCode,
            });
        })
        .catch((err: Error) => {
          this.detailErrors[id] = err.message;
        })
        .finally(() => {
          this.#inFlight.delete(id);
          if (this.#again.delete(id)) this.#queue.push(id);
          this.#pump();
        });
    }
  }
}
