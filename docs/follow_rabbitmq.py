#!/usr/bin/env python3
"""Follows the Pilot Registry's events on RabbitMQ, each event processed once.

A durable queue of its own, bound to the exchange pilot-registry.events, keeps what the registry publishes while this
consumer is away. The registry publishes at least once (a batch it was not sure the broker took is published again),
so events already processed are skipped by their CloudEvent id; the ids are kept in QUEUE.seen beside the output
(a real consumer keeps them with its own results, in one transaction).

    python3 docs/follow_rabbitmq.py QUEUE [BINDING]    # BINDING: '#' (default) or e.g. 'de.pilotregistry.casefile.#'

Prints one JSON line per new event: sequence, type, subject, id. Needs pika (apt-get install python3-pika, or pip
install pika). Broker: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/).
"""
import json
import os
import sys

import pika

EXCHANGE = os.environ.get("REGISTRY_EXCHANGE", "pilot-registry.events")


def main():
    queue = sys.argv[1]
    binding = sys.argv[2] if len(sys.argv) > 2 else "#"
    seen_file = queue + ".seen"
    seen = set()
    if os.path.exists(seen_file):
        with open(seen_file) as lines:
            seen = {line.strip() for line in lines}
    connection = pika.BlockingConnection(
        pika.URLParameters(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")))
    channel = connection.channel()
    channel.exchange_declare(EXCHANGE, "topic", durable=True)
    channel.queue_declare(queue, durable=True)
    channel.queue_bind(queue, EXCHANGE, binding)
    with open(seen_file, "a") as kept:
        def on_event(ch, method, properties, body):
            event = json.loads(body)
            if event["id"] not in seen:
                print(json.dumps({key: event.get(key) for key in ("sequence", "type", "subject", "id")}), flush=True)
                seen.add(event["id"])
                kept.write(event["id"] + "\n")
                kept.flush()
            ch.basic_ack(method.delivery_tag)  # only after processing: a crash here means a redelivery, not a loss

        channel.basic_consume(queue, on_event)
        try:
            channel.start_consuming()
        except KeyboardInterrupt:
            connection.close()


if __name__ == "__main__":
    main()
