#!/usr/bin/env python3
"""Runs every quant-opt RUN line of the lit suite (expected failures and
-verify-diagnostics lines excepted) with two builds and compares stdout, exit
code and any stats JSON written: the check behind "same bytes out of every
lit test that prints IR" for refactors. Usage:
  scripts/compare-lit-outputs.py OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]
Prints one DIFF line per differing command and a summary."""
import glob
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bins = {'old': sys.argv[1], 'new': sys.argv[2]}
work = sys.argv[3] if len(sys.argv) > 3 else '/tmp/autoquant-compare'
tests=glob.glob(root+'/test/**/*.mlir',recursive=True)+glob.glob(root+'/test/**/*.onnxtxt',recursive=True)
cmds=[]
for t in sorted(tests):
    if '/Inputs/' in t: continue
    text=open(t).read()
    lines=[]
    cur=''
    for l in text.split('\n'):
        m=re.match(r'\s*//\s*RUN:\s?(.*)$',l) or re.match(r'\s*#\s*RUN:\s?(.*)$',l)
        if not m: continue
        part=m.group(1)
        if part.endswith('\\'):
            cur+=part[:-1]; continue
        cur+=part; lines.append(cur); cur=''
    for i,l in enumerate(lines):
        if not l.startswith('quant-opt') or 'verify-diagnostics' in l: continue
        cmd=re.split(r'\s\|\s*(FileCheck|count|not )', l)[0]
        cmd=re.sub(r'2>\S*','',cmd)
        cmds.append((t,i,cmd))
print(len(cmds),'commands', file=sys.stderr)
diffs=0
for t,i,cmd in cmds:
    outs={}
    for k,b in bins.items():
        tmp=f'{work}/{k}/{os.path.basename(t)}.{i}'
        os.makedirs(os.path.dirname(tmp),exist_ok=True)
        c=cmd.replace('%autoquant_src_root',root).replace('%s',t).replace('%S',os.path.dirname(t)).replace('%t',tmp).replace('%python','python3')
        c=re.sub(r'-o\s+(\S+\.mlir|/dev/null)', r'-o - ', c)
        r=subprocess.run(c,shell=True,capture_output=True,text=True,env=dict(os.environ,PATH=b+':'+os.environ['PATH']))
        outs[k]=(r.returncode,r.stdout)
        for f in glob.glob(tmp+'*.json'):
            outs[k]+=(open(f).read(),)
    if outs['old']!=outs['new']:
        diffs+=1
        print('DIFF',t,i,cmd[:150], outs['old'][0], outs['new'][0])
print('compared',len(cmds),'diffs',diffs)
