import sys,re,collections
groups=[('jackson2','com.fasterxml.jackson'),('swagger','io.swagger'),('springdoc','org.springdoc'),('liquibase','liquibase.'),('hibernate-validator','org.hibernate.validator'),('jakarta.validation','jakarta.validation'),('kafka','org.apache.kafka'),('spring-kafka','org.springframework.kafka'),('spring-boot','org.springframework.boot'),('spring-other','org.springframework'),('jackson3','tools.jackson'),('tomcat','org.apache.'),('micrometer','io.micrometer'),('prometheus','io.prometheus'),('logback','ch.qos'),('snakeyaml','org.yaml'),('snakeyaml-engine','org.snakeyaml'),('postgres','org.postgresql'),('hikari','com.zaxxer'),('okhttp/kotlin','okhttp3'),('okhttp/kotlin','okio'),('okhttp/kotlin','kotlin'),('resilience4j','io.github.resilience4j'),('app','io.stocksync'),('jdk','java.'),('jdk','javax.'),('jdk','jdk.'),('jdk','sun.'),('jdk','com.sun.')]
for f in sys.argv[1:]:
    g=collections.Counter(); n=0; other=collections.Counter()
    for l in open(f, errors='replace'):
        m=re.search(r'\[class,load\] (\S+) source: (.*)$', l)
        if not m: continue
        n+=1; c=m.group(1)
        for name,p in groups:
            if c.startswith(p): g[name]+=1; break
        else:
            g['other']+=1; other['.'.join(c.split('.')[:2])]+=1
    print('==',f,n)
    print(' ', ', '.join(f'{k}={v}' for k,v in g.most_common()))
    print('  other:', ', '.join(f'{k}={v}' for k,v in other.most_common(15)))
