import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from "typeorm";

/*
 * Readers are woken by the instance that wrote the events, once they have committed, not by a NOTIFY in the
 * writing transaction: PostgreSQL holds one lock for the whole cluster from a notifying transaction's commit
 * until its end, WAL flush included, so every event-writing commit queued behind the one before it, its row locks
 * held (10 writers: 2,190–2,483 commits a second with it, 4,589–4,948 without; bench/results/2026-12-07-issue-12-commit-wake.md).
 */

const WROTE_EVENTS = "cogov.wroteEvents";

/** Calls `announce` after each outermost commit of a transaction that said it wrote events (eventsWritten). */
class EventAnnouncer implements EntitySubscriberInterface {
  constructor(readonly announce: () => void) {}

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive || !queryRunner.data[WROTE_EVENTS]) return;
    delete queryRunner.data[WROTE_EVENTS];
    this.announce();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) delete queryRunner.data[WROTE_EVENTS];
  }
}

/** Has `announce` called whenever events written through `dataSource` have committed; returns how to stop. */
export function announceCommittedEvents(dataSource: DataSource, announce: () => void): () => void {
  const announcer = new EventAnnouncer(announce);
  dataSource.subscribers.push(announcer);
  return () => {
    const at = dataSource.subscribers.indexOf(announcer);
    if (at >= 0) dataSource.subscribers.splice(at, 1);
  };
}

/**
 * Said by whoever wrote events through `manager`, after the statement: announced at once when it was its own
 * transaction, else when the transaction commits.
 */
export function eventsWritten(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) {
    runner.data[WROTE_EVENTS] = true;
    return;
  }
  for (const subscriber of manager.connection.subscribers) if (subscriber instanceof EventAnnouncer) subscriber.announce();
}
