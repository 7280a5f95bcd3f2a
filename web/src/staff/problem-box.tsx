import { type Problem, retryable } from '../api/client';

/** A failed call as a person reads it: the problem's detail, each field's error, "try again" for 429 and 503. */
export function ProblemBox({ problem, tryAgain }: { problem: Problem | undefined; tryAgain: string }) {
  if (!problem) return null;
  return (
    <div class="dk-problem" role="alert">
      <p>{retryable(problem) ? tryAgain : (problem.detail ?? problem.title)}</p>
      {problem.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.field}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
