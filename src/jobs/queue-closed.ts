/**
 * Thrown by `enqueue` once the queue is closed: a process that is shutting down takes no new job (none
 * of its workers would run it), so the caller withdraws the reply instead of leaving it waiting.
 */
export class QueueClosed extends Error {
  constructor() {
    super('The job queue is closed: it takes no new jobs');
    this.name = 'QueueClosed';
  }
}
