/**
 * A queue that runs tasks one after another, each after the previous one
 * settled (a failed task does not stop the queue; its caller sees the error).
 * Used where two events arriving together must not run the same work at once:
 * an alarm and a reschedule both notifying, two menu rebuilds creating one id
 * twice. Each caller keeps its own queue.
 */
export function createOneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };
}
