#!/usr/bin/env python3
"""make bench: the M/M/10 queue of bench_engine's request-model case (arrivals 900/s, ten
servers of 100/s each, FIFO, rho 0.9) written the usual way in SimPy, the Python
discrete-event library: a source process, a process per customer, a Resource of capacity 10.
Prints its customers per CPU second (best of three seeds) and the mean time in system (over
the three), for tests/bench.sh to put beside the request model's rate. Runs with SimPy 3/4
(`simpy`) or with Debian's python3-simpy, SimPy 2.3 (`SimPy.Simulation`, the classic process
API).

Usage: mm10_simpy.py [simulated seconds, default 100]
"""
import random
import sys
import time

LAM, MU, SERVERS = 900.0, 100.0, 10


def run_simpy3(simpy, horizon, rng):
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    stats = {"done": 0, "sum": 0.0}

    def customer():
        t0 = env.now
        with servers.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        stats["done"] += 1
        stats["sum"] += env.now - t0

    def source():
        while True:
            yield env.timeout(rng.expovariate(LAM))
            env.process(customer())

    env.process(source())
    env.run(until=horizon)
    return stats["done"], stats["sum"]


def run_simpy2(sim, horizon, rng):
    stats = {"done": 0, "sum": 0.0}
    sim.initialize()
    servers = sim.Resource(capacity=SERVERS)

    class Customer(sim.Process):
        def run(self):
            t0 = sim.now()
            yield sim.request, self, servers
            yield sim.hold, self, rng.expovariate(MU)
            yield sim.release, self, servers
            stats["done"] += 1
            stats["sum"] += sim.now() - t0

    class Source(sim.Process):
        def run(self):
            while True:
                yield sim.hold, self, rng.expovariate(LAM)
                c = Customer()
                sim.activate(c, c.run())

    src = Source()
    sim.activate(src, src.run())
    sim.simulate(until=horizon)
    return stats["done"], stats["sum"]


def main():
    horizon = float(sys.argv[1]) if len(sys.argv) > 1 else 100.0
    try:
        import simpy

        run, lib, version = run_simpy3, simpy, "SimPy " + getattr(simpy, "__version__", "3+")
    except ImportError:
        try:
            import SimPy.Simulation as lib
        except ImportError:
            print("SimPy: not installed (Debian: python3-simpy): no comparison with it")
            return 0
        run, version = run_simpy2, "SimPy 2 (python3-simpy)"
    best, done_all, total_all = None, 0, 0.0
    for seed in (1, 2, 3):
        rng = random.Random(seed)
        t0 = time.process_time()
        done, total = run(lib, horizon, rng)
        dt = time.process_time() - t0
        if best is None or done / dt > best:
            best = done / dt
        done_all, total_all = done_all + done, total_all + total
    print(
        "simpy M/M/10 at rho 0.9: %s, %.0f simulated s: %.3f M requests/s (mean %.2f ms), "
        "CPU time, best of 3" % (version, horizon, best / 1e6, 1e3 * total_all / max(done_all, 1))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
