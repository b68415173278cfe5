#!/usr/bin/env python3
"""Keys through a background no-op sync (issue 13, budget 5).

Start xemtin (BIN) in tmux (80x24) on DATA with HOME's cache, data and
config folders (an index already built), and, all through its background
sync and 2 s past its end, send `j` every ~40 ms, timing each from the key
sent to the screen changed (capture-pane polled, tmux's own time
included). Reports the slowest keys and those around the sync's end (the
App asks the list again then).

    scripts/keys_through_sync.py BIN DATA HOME LABEL
"""
import subprocess, sys, time
if len(sys.argv) != 5:
    sys.exit(__doc__)
BIN, DATA, HOME, LABEL = sys.argv[1:5]
S = 'million-ks'
def sh(*a): return subprocess.run(a, capture_output=True, text=True).stdout
def screen(): return sh('tmux', 'capture-pane', '-p', '-e', '-t', S)
def plain(): return sh('tmux', 'capture-pane', '-p', '-t', S)
subprocess.run(['tmux', 'kill-session', '-t', S], capture_output=True)
env = f'HOME={HOME} XDG_CACHE_HOME={HOME}/cache XDG_DATA_HOME={HOME}/data XDG_CONFIG_HOME={HOME}/config LANG=C.UTF-8'
subprocess.run(['tmux', 'new-session', '-d', '-s', S, '-x', '80', '-y', '24', f'env {env} {BIN} --data {DATA}'])
t0 = time.time()
while 'xemtin' not in plain() and time.time() - t0 < 10:
    time.sleep(0.005)
keys = []  # (sent at, latency ms, indexing shown before the key)
ended = None
while True:
    p = plain()
    indexing = 'ndexing' in p
    if not indexing and ended is None and any(k[2] for k in keys):
        ended = time.time()
    if ended and time.time() - ended > 2:
        break
    if time.time() - t0 > 600:
        print('timeout'); break
    before = screen()
    subprocess.run(['tmux', 'send-keys', '-t', S, 'j'])
    sent = time.time()
    while screen() == before and time.time() - sent < 5:
        time.sleep(0.002)
    keys.append((sent - t0, (time.time() - sent) * 1000, indexing))
    time.sleep(0.04)
load = open('/proc/loadavg').read().split()[0]
during = [k[1] for k in keys if k[2]]
end_at = (ended - t0) if ended else None
near = [(round(k[0], 2), round(k[1])) for k in keys if end_at and end_at - 1.0 <= k[0] <= end_at + 1.0]
print(f'{LABEL}: {len(keys)} keys; sync seen ending {end_at:.1f} s after start; load {load}')
if during:
    during.sort()
    print(f'{LABEL}: during the sync: median {during[len(during)//2]:.0f} ms, max {during[-1]:.0f} ms ({len(during)} keys)')
print(f'{LABEL}: keys within 1 s of the end (sent at s, ms): {near}')
print(f'{LABEL}: slowest 5 overall: {sorted((round(k[1]), round(k[0],2)) for k in keys)[-5:]}')
print('header:', plain().split('\n')[0])
subprocess.run(['tmux', 'send-keys', '-t', S, 'q'])
time.sleep(1)
subprocess.run(['tmux', 'kill-session', '-t', S], capture_output=True)
