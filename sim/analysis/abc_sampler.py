"""A pyabc sampler whose populations depend only on the seed: per-candidate seeds, acceptance in index order.

pyabc's own parallel samplers reseed numpy's global generator from the operating system in
every job and take the particles in the order the workers finish, so the same command gives a
different posterior (and a different number of model runs) from one session to the next and
with a different number of workers. :class:`IndexOrderSampler` removes both sources:

* **candidates are numbered.** Candidate ``i`` of pyabc generation ``t`` (``t = -1`` is the
  sample from the prior that pyabc draws to scale its first threshold) is evaluated with numpy's
  global generator, and Python's ``random``, seeded from
  ``numpy.random.SeedSequence([seed, t + 1, i])`` (:func:`candidate_seed`). pyabc draws a
  candidate's proposal (the prior, or a particle of the last population and its perturbation)
  from that global generator and then runs the model, so the proposal and any draw the model
  takes from the global generator are fixed by ``(seed, t, i)`` alone, whichever worker runs it;
* **acceptance is decided in index order.** Candidates go to the executor in batches of
  consecutive indices, several batches at a time, and their results are taken strictly in index
  order: the population is the first ``n`` accepted candidates by index and the generation's
  recorded evaluation count is the index of the ``n``-th acceptance plus one. Candidates of
  higher index evaluated meanwhile are dropped and not counted. Neither the number of workers nor
  the batch size changes a population or a count.

A generation cut off by an interruption is sampled again from candidate 0 when the calibration
resumes, so it is the generation an uninterrupted calibration would have made.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait

import numpy as np
import pyabc

#: How the manifest names the scheme (``seeds.abc_proposals``).
SCHEME = ("per-candidate seeds from SeedSequence([{seed}, generation + 1, candidate]) (generation -1 is pyabc's "
          "prior sample); acceptance in candidate-index order, so the posterior and the run count do not depend "
          "on the workers")


def candidate_seed(seed: int, t: int, index: int) -> np.random.SeedSequence:
    """The seed sequence of candidate ``index`` of pyabc generation ``t`` (``t >= -1``)."""
    return np.random.SeedSequence([seed, t + 1, index])


#: The global generators belong to a process, not a thread: one candidate at a time per process
#: (a Dask worker with several threads, a thread pool) so no other thread draws from a candidate's seed.
_GLOBAL_STATE = threading.Lock()


def evaluate_candidates(simulate_one: bytes | Callable, seed: int, t: int, first: int, count: int) -> list:
    """Evaluate candidates ``first`` to ``first + count - 1``: ``[(index, particle), ...]``.

    Runs where the executor puts it (this process or a worker). The global generators are seeded
    per candidate and put back afterwards, so the caller's random state is left as it was.
    """
    if isinstance(simulate_one, bytes):
        import cloudpickle

        simulate_one = cloudpickle.loads(simulate_one)
    evaluated = []
    for index in range(first, first + count):
        with _GLOBAL_STATE:
            saved_numpy, saved_python = np.random.get_state(), random.getstate()
            try:
                state = candidate_seed(seed, t, index).generate_state(8)
                np.random.seed(state)
                random.seed(int(state[0]) << 32 | int(state[1]))
                evaluated.append((index, simulate_one()))
            finally:
                np.random.set_state(saved_numpy)
                random.setstate(saved_python)
    return evaluated


class IndexOrderSampler(pyabc.sampler.Sampler):
    """Samples a pyabc generation on any ``concurrent.futures`` executor, reproducibly (module docstring).

    ``window`` is how many batches to keep submitted at once (a number, or a function asked
    before each submission, such as :meth:`sim.experiments.executors.Backend.window`);
    ``batch_size`` how many consecutive candidates one submission evaluates.
    """

    def __init__(self, executor: Executor, seed: int, window: int | Callable[[], int] = 1, batch_size: int = 1):
        super().__init__()
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.executor, self.seed, self.window, self.batch_size = executor, int(seed), window, int(batch_size)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("executor", None)  # an executor does not pickle; a copy of the sampler never samples
        return state

    def _window(self) -> int:
        return max(1, int(self.window() if callable(self.window) else self.window))

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None):
        import cloudpickle

        payload = cloudpickle.dumps(simulate_one)  # once per generation; every batch carries it
        sample = self._create_empty_sample()
        finished: dict[int, object] = {}
        running: set[Future] = set()
        submitted = cursor = accepted = 0
        try:
            while accepted < n and cursor < max_eval:
                while len(running) < self._window() and submitted < max_eval:
                    count = int(min(self.batch_size, max_eval - submitted))
                    running.add(self.executor.submit(evaluate_candidates, payload, self.seed, t, submitted, count))
                    submitted += count
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    finished.update(future.result())
                while cursor in finished and accepted < n:  # strictly in index order
                    particle = finished.pop(cursor)
                    sample.append(particle)
                    accepted += bool(particle.accepted)
                    cursor += 1
        finally:
            for future in running:
                future.cancel()
        self.nr_evaluations_ = cursor
        if accepted < n:
            sample.ok = False
        return sample
