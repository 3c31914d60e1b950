#!/bin/sh
# Kafka in KRaft combined mode (broker + controller, one node) with two client listeners:
#   INTERNAL  ${ADVERTISED_HOST}:9092 for containers on the test's Docker network
#   HOST      127.0.0.1:${HOST_PORT} for the test JVM, through the port published on 127.0.0.1
#   TLS       ${ADVERTISED_HOST}:9094 (SSL) on the same network, when TLS_KEYSTORE names a PKCS12
#             keystore (password TLS_KEYSTORE_PASSWORD) holding the server's key and certificate
# The host port is chosen by the test before start, so the advertised address is known up front
# and survives a container restart (the data in /var/lib/kafka survives it too).
set -e
: "${ADVERTISED_HOST:?}" "${HOST_PORT:?}"
CLUSTER_ID=${CLUSTER_ID:-TpBoAg-KRkWrRYsYF48mHw}
listeners=INTERNAL://0.0.0.0:9092,HOST://0.0.0.0:19092,CONTROLLER://127.0.0.1:9093
advertised=INTERNAL://${ADVERTISED_HOST}:9092,HOST://127.0.0.1:${HOST_PORT}
protocols=INTERNAL:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT
tls=
if [ -n "${TLS_KEYSTORE:-}" ]; then
  : "${TLS_KEYSTORE_PASSWORD:?}"
  listeners=$listeners,TLS://0.0.0.0:9094
  advertised=$advertised,TLS://${ADVERTISED_HOST}:9094
  protocols=$protocols,TLS:SSL
  tls="listener.name.tls.ssl.keystore.type=PKCS12
listener.name.tls.ssl.keystore.location=${TLS_KEYSTORE}
listener.name.tls.ssl.keystore.password=${TLS_KEYSTORE_PASSWORD}
listener.name.tls.ssl.key.password=${TLS_KEYSTORE_PASSWORD}"
fi
cat > /tmp/server.properties <<PROPS
process.roles=broker,controller
node.id=1
listeners=${listeners}
advertised.listeners=${advertised}
listener.security.protocol.map=${protocols}
${tls}
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:9093
log.dirs=/var/lib/kafka
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
java -Xmx256m -cp /opt/infra/infra.jar kafka.tools.StorageTool format -t "$CLUSTER_ID" \
  -c /tmp/server.properties --standalone --ignore-formatted
exec java -Xmx512m -XX:+UseSerialGC -cp /opt/infra/infra.jar kafka.Kafka /tmp/server.properties
