import sys,re
d=sys.argv[1]
tl=[l.split() for l in open(d+'/timeline.txt')]
ph=[]
for l in open(d+'/bench.out'):
    m=re.match(r'(\d\d:\d\d:\d\d) \[bench [\d:]+\] (\S.*)',l)
    if m and not l[21:].startswith(' '): ph.append((m.group(1),m.group(2)[:60]))
def hwm_at(t):
    r={}
    for x in tl:
        if x[0]<=t: r[x[1]]=(x[2],int(x[4])//1024)
    return r
print('%-8s %-60s %s'%('time','phase starts','HWM MB (ingest ledger propagator, pid)'))
for t,p in ph+[('99:99:99','end')]:
    r=hwm_at(t)
    print('%-8s %-60s %s'%(t,p,'  '.join('%s=%s'%(k,r[k][1]) for k in ('ingest','ledger','propagator') if k in r)))
