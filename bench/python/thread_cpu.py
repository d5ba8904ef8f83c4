#!/usr/bin/env python3
"""CPU seconds per thread of a running JVM over an interval, as a Markdown table.

  python3 bench/python/thread_cpu.py PID SECONDS

Names come from jstack (its nid is the Linux thread id), times from /proc/PID/task/TID/stat
(user and system time). Threads jstack does not list, libtorch's OpenMP workers above all, are
grouped as 'native (not a Java thread)'. Linux only; needs the JDK's jstack on the PATH.
Used for the profile of the demo in docs/benchmarks.md ("Where the time went")."""
import os, re, subprocess, sys, time, collections
pid = int(sys.argv[1]); interval = float(sys.argv[2])
tick = os.sysconf('SC_CLK_TCK')
def times():
    out = {}
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            f = open(f'/proc/{pid}/task/{tid}/stat').read()
            rest = f[f.rindex(')')+2:].split()
            out[int(tid)] = (int(rest[11]), int(rest[12]))
        except Exception: pass
    return out
def names():
    js = subprocess.run(['jstack', str(pid)], capture_output=True, text=True).stdout
    m = {}
    for line in js.splitlines():
        g = re.match(r'^"(.*?)".*nid=(0x[0-9a-f]+)', line)
        if g: m[int(g.group(2), 16)] = g.group(1)
    return m
n1 = names(); t1 = times(); time.sleep(interval); t2 = times(); n2 = names(); n1.update(n2)
groups = collections.defaultdict(lambda: [0, 0, 0])
for tid, (u2, s2) in t2.items():
    u1, s1 = t1.get(tid, (0, 0))
    name = n1.get(tid, 'native (not a Java thread)')
    name = re.sub(r'#\d+$', '', name)
    name = re.sub(r'\d+$', 'N', name) if name.startswith(('GC ', 'C2 ', 'C1 ', 'G1 ')) else name
    g = groups[name]; g[0] += (u2 - u1) / tick; g[1] += (s2 - s1) / tick; g[2] += 1
total = sum(g[0] + g[1] for g in groups.values())
print(f'interval {interval:.0f} s, process CPU {total:.1f} s ({total/interval:.2f} cores)')
print('| thread | threads | user s | system s | share of process CPU |')
print('|---|---|---|---|---|')
for name, (u, s, c) in sorted(groups.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
    if u + s < 0.05 * interval / 10: continue
    print(f'| {name} | {c} | {u:.1f} | {s:.1f} | {100*(u+s)/total:.1f} % |')
