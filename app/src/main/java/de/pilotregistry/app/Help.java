package de.pilotregistry.app;

/** What {@code java -jar pilot-registry.jar --help} prints. */
final class Help {

    static final String TEXT = """
            Pilot Registry: an event-sourced registry for labour-market pilot projects (SGB II).

            Usage: java -XX:+ExitOnOutOfMemoryError -jar pilot-registry.jar [command] [--option=value ...]

            Commands:
              (none)            run the registry (HTTP API on --server.port, default 8080)
              demo              run it and play the Borken pilots of 2011/12 through the API
                                (--seed=2011 --persons=3000 --months=12 --sites=3 --effect=2.0),
                                print each site's outcome table, keep serving
              benchmark-write   [persons] [facts]   write benchmark on a throwaway embedded PostgreSQL
              benchmark-read    [persons] [events]  read benchmark on a throwaway embedded PostgreSQL
              benchmark-feed    [persons] [events]  feed benchmark (pages and stream; 10,000 persons, 1,000,000
                                events unless given) on a throwaway embedded PostgreSQL
              verify --jdbc-url URL [--user U] [--password P] [--checkpoint FILE] [--verifier-key KEY]
                                recompute the audit log from the events of a database (copy) without
                                starting the registry; prints JSON, exits 1 on a mismatch, 2 when it
                                cannot verify (password also from PGPASSWORD; docs/audit-log.md)
              hash-password     read a password (from the terminal, or one line from stdin) and print its
                                {bcrypt} hash for registry.security.passwords.NAME
              --help, -h        print this text and exit

            Options:
              --registry.data-dir=DIR        data directory of the embedded PostgreSQL (default ./data);
                                             one registry per directory (DIR/registry.lock)
              --registry.roles=ROLES         command, query or command,query (default both)
              --server.port=PORT             HTTP port (default 8080)
              --registry.read.max-wait=PT30S longest wait of a read for minPosition/knownAt (default 30 s)
              --registry.audit.signing-key=FILE  Ed25519 key of the audit checkpoints
                                             (default DIR/audit-signing-key, created at first start)
              --registry.audit.checkpoint-events=1000, --registry.audit.checkpoint-interval=PT60S
                                             sign a checkpoint after that many events or that time
              --registry.audit.tsa-url=URL   have each checkpoint time-stamped there (RFC 3161)
              --registry.security.users.NAME=ROLE[,ROLE]   a user and their roles
              --registry.security.passwords.NAME={bcrypt}…  their password hash (see hash-password);
                                             the registry refuses to start while a user has none
              --registry.security.demo-users=true  users without a hash log in with the demo password
              --registry.security.mode=oidc  bearer tokens of an OpenID Connect provider instead, with
                                             --registry.security.oidc.issuer-uri=URL (README, "Access")
              --registry.privacy.master-key=FILE  AES-256 key that wraps the persons' data keys
                                             (default DIR/master-key, created at first start; keep a
                                             copy apart from database dumps, docs/data-protection.md)
              --registry.privacy.retention=P10Y  erasure proposals: pilots all ended that long ago
              --registry.amqp.enabled=true   publish every event to RabbitMQ (--spring.rabbitmq.host/port/
                                             username/password)
              --registry.amqp.exchange=NAME  the topic exchange it publishes to (pilot-registry.events)
              --registry.feed.subscriptions.USER.types=TYPE[,TYPE]  what an integration user receives:
                                             published types, .pilots=ID[,ID], .free-text=true,
                                             .comparison-group=true (default every type and pilot,
                                             neither; README, "Following the event stream")
              --registry.amqp.subscription=USER  the broker gets what USER's subscription gets

            Environment:
              SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD
                                             an external PostgreSQL instead of the embedded one
              REGISTRY_DEMO_PASSWORD         password of the demo users (default demo), only with
                                             --registry.security.demo-users=true

            The embedded PostgreSQL keeps its generated password in DIR/postgres-password (mode 0600).
            """;

    private Help() {
    }

    static boolean asked(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                return true;
            }
        }
        return false;
    }
}
