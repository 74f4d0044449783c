
use builtin;
use str;

set edit:completion:arg-completer[keywarden] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'keywarden'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'keywarden'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create or migrate the store and set its token prefix and bcrypt cost'
            cand store 'Store status and migrations'
            cand keys 'Mint, list, verify, revoke and rotate API keys'
            cand clientkeys 'Mint, list, verify, revoke and rotate API keys'
            cand abilities 'The ability catalog'
            cand tools 'Which ability each MCP tool requires'
            cand credentials 'Encrypted source credentials: OAuth tokens, DB passwords, API credentials'
            cand audit 'The tamper-evident audit log'
            cand incident 'The leaked-token playbook'
            cand scan 'Find leaked tokens in files or git history'
            cand serve 'The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)'
            cand keygen 'Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key'
            cand completions 'Print shell completions'
            cand man 'Write man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;init'= {
            cand --prefix 'Token prefix: 2–16 chars, a lowercase letter then lowercase letters or digits'
            cand --bcrypt-cost 'bcrypt cost for new keys (4–31; below 10 is for tests only)'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;store'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'Backend, URL, schema version, settings and row counts'
            cand migrate 'Apply the embedded schema migrations this store lacks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;store;status'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;store;migrate'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;store;help'= {
            cand status 'Backend, URL, schema version, settings and row counts'
            cand migrate 'Apply the embedded schema migrations this store lacks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;store;help;status'= {
        }
        &'keywarden;store;help;migrate'= {
        }
        &'keywarden;store;help;help'= {
        }
        &'keywarden;keys'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Mint a key and print its token, once'
            cand list 'List keys (default: active ones)'
            cand show 'Show one key'
            cand get 'Show one key'
            cand update 'Change a key''s name, note or rate limit (never its scope or abilities)'
            cand revoke 'Revoke keys now; idempotent, the row and its history stay'
            cand delete 'Revoke keys now; idempotent, the row and its history stay'
            cand rotate 'Replace a key with a new one with the same grants'
            cand verify 'Authenticate and authorize a token read from stdin'
            cand stale 'Find keys nobody has used for a while (for cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;clientkeys'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Mint a key and print its token, once'
            cand list 'List keys (default: active ones)'
            cand show 'Show one key'
            cand get 'Show one key'
            cand update 'Change a key''s name, note or rate limit (never its scope or abilities)'
            cand revoke 'Revoke keys now; idempotent, the row and its history stay'
            cand delete 'Revoke keys now; idempotent, the row and its history stay'
            cand rotate 'Replace a key with a new one with the same grants'
            cand verify 'Authenticate and authorize a token read from stdin'
            cand stale 'Find keys nobody has used for a while (for cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;keys;create'= {
            cand --name 'What the key is for, e.g. "Claude Desktop – docs"'
            cand --scope 'Scope path(s) the key covers, e.g. org:acme/collection:docs'
            cand --ability 'Abilities granted, e.g. read:tables (nothing is granted by default)'
            cand --scopes 'Fluxbase''s name for abilities: refused, naming the --ability to pass (clap would otherwise suggest --scope, keywarden''s resource paths)'
            cand --tool 'Restrict the key to these MCP tools'
            cand --expires-in 'Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years'
            cand --expires-at 'Expire at this time (RFC 3339 or a date)'
            cand --rate-limit 'Requests per minute allowed by `keys verify`'
            cand --note 'Free text kept with the key'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --service 'A service key: every resource and every ability (asks to confirm)'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;create'= {
            cand --name 'What the key is for, e.g. "Claude Desktop – docs"'
            cand --scope 'Scope path(s) the key covers, e.g. org:acme/collection:docs'
            cand --ability 'Abilities granted, e.g. read:tables (nothing is granted by default)'
            cand --scopes 'Fluxbase''s name for abilities: refused, naming the --ability to pass (clap would otherwise suggest --scope, keywarden''s resource paths)'
            cand --tool 'Restrict the key to these MCP tools'
            cand --expires-in 'Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years'
            cand --expires-at 'Expire at this time (RFC 3339 or a date)'
            cand --rate-limit 'Requests per minute allowed by `keys verify`'
            cand --note 'Free text kept with the key'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --service 'A service key: every resource and every ability (asks to confirm)'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;list'= {
            cand --status 'Which keys, by status'
            cand --scope 'Keys whose scope lies under or covers this path'
            cand --unused-for 'Keys not used (or, if never used, created) for at least this long'
            cand --expiring-within 'Keys that expire within this long'
            cand --name 'Keys whose name matches this glob'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;list'= {
            cand --status 'Which keys, by status'
            cand --scope 'Keys whose scope lies under or covers this path'
            cand --unused-for 'Keys not used (or, if never used, created) for at least this long'
            cand --expiring-within 'Keys that expire within this long'
            cand --name 'Keys whose name matches this glob'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;show'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;get'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;show'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;get'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;update'= {
            cand --name 'The new name'
            cand --note 'The new note (free text kept with the key; "" clears it)'
            cand --rate-limit 'The new limit of requests per minute allowed by `keys verify`'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --no-rate-limit 'Remove the rate limit'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;update'= {
            cand --name 'The new name'
            cand --note 'The new note (free text kept with the key; "" clears it)'
            cand --rate-limit 'The new limit of requests per minute allowed by `keys verify`'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --no-rate-limit 'Remove the rate limit'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;revoke'= {
            cand --reason 'Why, kept with the key and in the audit log'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;delete'= {
            cand --reason 'Why, kept with the key and in the audit log'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;revoke'= {
            cand --reason 'Why, kept with the key and in the audit log'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;delete'= {
            cand --reason 'Why, kept with the key and in the audit log'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;rotate'= {
            cand --grace 'Keep the old key valid this long (e.g. 24h); without it, revoke it now'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;rotate'= {
            cand --grace 'Keep the old key valid this long (e.g. 24h); without it, revoke it now'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;verify'= {
            cand --resource 'The resource the request touches, e.g. org:acme/collection:docs'
            cand --ability 'An ability the request needs'
            cand --tool 'The MCP tool the request calls'
            cand --actor-kind 'Who is calling, for the audit log: cli, cron, mcp, rest, …'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;verify'= {
            cand --resource 'The resource the request touches, e.g. org:acme/collection:docs'
            cand --ability 'An ability the request needs'
            cand --tool 'The MCP tool the request calls'
            cand --actor-kind 'Who is calling, for the audit log: cli, cron, mcp, rest, …'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;stale'= {
            cand --unused-for 'Unused for at least this long, e.g. 90d'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --revoke 'Revoke the keys found (asks to confirm)'
            cand --fail-if-any 'Exit 3 when any stale key is found'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;clientkeys;stale'= {
            cand --unused-for 'Unused for at least this long, e.g. 90d'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --revoke 'Revoke the keys found (asks to confirm)'
            cand --fail-if-any 'Exit 3 when any stale key is found'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keys;help'= {
            cand create 'Mint a key and print its token, once'
            cand list 'List keys (default: active ones)'
            cand show 'Show one key'
            cand update 'Change a key''s name, note or rate limit (never its scope or abilities)'
            cand revoke 'Revoke keys now; idempotent, the row and its history stay'
            cand rotate 'Replace a key with a new one with the same grants'
            cand verify 'Authenticate and authorize a token read from stdin'
            cand stale 'Find keys nobody has used for a while (for cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;keys;help;create'= {
        }
        &'keywarden;keys;help;list'= {
        }
        &'keywarden;keys;help;show'= {
        }
        &'keywarden;keys;help;update'= {
        }
        &'keywarden;keys;help;revoke'= {
        }
        &'keywarden;keys;help;rotate'= {
        }
        &'keywarden;keys;help;verify'= {
        }
        &'keywarden;keys;help;stale'= {
        }
        &'keywarden;keys;help;help'= {
        }
        &'keywarden;clientkeys;help'= {
            cand create 'Mint a key and print its token, once'
            cand list 'List keys (default: active ones)'
            cand show 'Show one key'
            cand update 'Change a key''s name, note or rate limit (never its scope or abilities)'
            cand revoke 'Revoke keys now; idempotent, the row and its history stay'
            cand rotate 'Replace a key with a new one with the same grants'
            cand verify 'Authenticate and authorize a token read from stdin'
            cand stale 'Find keys nobody has used for a while (for cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;clientkeys;help;create'= {
        }
        &'keywarden;clientkeys;help;list'= {
        }
        &'keywarden;clientkeys;help;show'= {
        }
        &'keywarden;clientkeys;help;update'= {
        }
        &'keywarden;clientkeys;help;revoke'= {
        }
        &'keywarden;clientkeys;help;rotate'= {
        }
        &'keywarden;clientkeys;help;verify'= {
        }
        &'keywarden;clientkeys;help;stale'= {
        }
        &'keywarden;clientkeys;help;help'= {
        }
        &'keywarden;abilities'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it'
            cand list 'List the catalog'
            cand rm 'Remove abilities from the catalog (keys that hold them keep them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;abilities;add'= {
            cand --description 'What holding these abilities allows, shown by `abilities list`'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;abilities;list'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;abilities;rm'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;abilities;help'= {
            cand add 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it'
            cand list 'List the catalog'
            cand rm 'Remove abilities from the catalog (keys that hold them keep them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;abilities;help;add'= {
        }
        &'keywarden;abilities;help;list'= {
        }
        &'keywarden;abilities;help;rm'= {
        }
        &'keywarden;abilities;help;help'= {
        }
        &'keywarden;tools'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand set 'Map a tool to the ability it requires'
            cand list 'List tool mappings'
            cand rm 'Remove tool mappings (verify then fails closed for them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;tools;set'= {
            cand --requires 'The ability a key needs to call it'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;tools;list'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;tools;rm'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;tools;help'= {
            cand set 'Map a tool to the ability it requires'
            cand list 'List tool mappings'
            cand rm 'Remove tool mappings (verify then fails closed for them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;tools;help;set'= {
        }
        &'keywarden;tools;help;list'= {
        }
        &'keywarden;tools;help;rm'= {
        }
        &'keywarden;tools;help;help'= {
        }
        &'keywarden;credentials'= {
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt'
            cand list 'List credentials (never their values)'
            cand show 'Show one credential; --reveal decrypts it (audited)'
            cand update 'Replace a credential''s value (e.g. a refreshed OAuth token)'
            cand rm 'Delete a credential (asks to confirm)'
            cand verify 'Check that every credential decrypts and passes its integrity check'
            cand rekey 'Re-encrypt every credential under a new key, online and resumably'
            cand import 'Import credentials exported by a system that used unauthenticated AES-256-CFB'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;credentials;add'= {
            cand --name 'A unique name, e.g. "github-oauth-acme"'
            cand --kind 'What the value is'
            cand --scope 'The scope path the credential belongs to, e.g. org:acme'
            cand --value-file 'Read the value from this file (`-` for stdin); trailing newlines are dropped'
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'keywarden;credentials;list'= {
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;credentials;show'= {
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --reveal 'Print the decrypted value (recorded in the audit log)'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;credentials;update'= {
            cand --value-file 'Read the new value from this file (`-` for stdin); trailing newlines are dropped'
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'keywarden;credentials;rm'= {
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;credentials;verify'= {
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;credentials;rekey'= {
            cand --new-key-file 'The new key (base64 of 32 bytes) from this file; default NEW_ENCRYPTION_KEY, else ENCRYPTION_KEY (moving rows off ENCRYPTION_KEY_PREVIOUS)'
            cand --batch 'Rows per transaction'
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --dry-run 'Check and re-encrypt everything in memory; write nothing'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;credentials;import'= {
            cand --key-file 'Read ENCRYPTION_KEY from this file instead of the environment'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'keywarden;credentials;help'= {
            cand add 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt'
            cand list 'List credentials (never their values)'
            cand show 'Show one credential; --reveal decrypts it (audited)'
            cand update 'Replace a credential''s value (e.g. a refreshed OAuth token)'
            cand rm 'Delete a credential (asks to confirm)'
            cand verify 'Check that every credential decrypts and passes its integrity check'
            cand rekey 'Re-encrypt every credential under a new key, online and resumably'
            cand import 'Import credentials exported by a system that used unauthenticated AES-256-CFB'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;credentials;help;add'= {
        }
        &'keywarden;credentials;help;list'= {
        }
        &'keywarden;credentials;help;show'= {
        }
        &'keywarden;credentials;help;update'= {
        }
        &'keywarden;credentials;help;rm'= {
        }
        &'keywarden;credentials;help;verify'= {
        }
        &'keywarden;credentials;help;rekey'= {
        }
        &'keywarden;credentials;help;import'= {
        }
        &'keywarden;credentials;help;help'= {
        }
        &'keywarden;audit'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand query 'Events, newest first (the global --actor filters by actor here)'
            cand summary 'Event counts by hour, day, key, action, actor or status'
            cand verify 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint'
            cand export 'Events as NDJSON, oldest first, streamed to stdout'
            cand record 'Append an event, e.g. an MCP tool call a server served'
            cand prune 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)'
            cand checkpoint 'Sign a checkpoint of the chain''s head (a C2SP signed note) to keep off the database host'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;audit;query'= {
            cand --key 'Events of this key (id, kw_id, or unique active name)'
            cand --actor-kind 'cli, cron, mcp, rest, dashboard, system, …'
            cand --action 'Action glob, e.g. `key.*`'
            cand --status 'HTTP-like status, e.g. 401'
            cand --since 'From this time: RFC 3339, a date, or a duration ago (24h)'
            cand --until 'Before this time'
            cand --limit 'At most this many events (0 = all)'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;summary'= {
            cand --by 'What to count by'
            cand --key 'Events of this key (id, kw_id, or unique active name)'
            cand --actor-kind 'cli, cron, mcp, rest, dashboard, system, …'
            cand --action 'Action glob, e.g. `key.*`'
            cand --status 'HTTP-like status, e.g. 401'
            cand --since 'From this time: RFC 3339, a date, or a duration ago (24h)'
            cand --until 'Before this time'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;verify'= {
            cand --checkpoint 'Also check these signed checkpoints against the chain (needs --verify-key)'
            cand --verify-key 'The public key the checkpoints were signed with, as `keygen --signing` printed it'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;export'= {
            cand --key 'Events of this key (id, kw_id, or unique active name)'
            cand --actor-kind 'cli, cron, mcp, rest, dashboard, system, …'
            cand --action 'Action glob, e.g. `key.*`'
            cand --status 'HTTP-like status, e.g. 401'
            cand --since 'From this time: RFC 3339, a date, or a duration ago (24h)'
            cand --until 'Before this time'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;record'= {
            cand --action 'Dotted action, e.g. mcp.tool_call'
            cand --key 'The key the event is about'
            cand --tool 'The MCP tool the event is about'
            cand --status 'HTTP-like status'
            cand --subject 'What the event is about, e.g. a resource path'
            cand --detail 'Extra details; tokens and secret-named keys are redacted'
            cand --actor-kind 'Who is recording: cli, cron, mcp, rest, …'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;prune'= {
            cand --older-than 'Delete events older than this, e.g. 365d'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;checkpoint'= {
            cand --signing-key-file 'The private key from `keygen --signing --out FILE`'
            cand --out 'Write the signed note to FILE instead of stdout'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;audit;help'= {
            cand query 'Events, newest first (the global --actor filters by actor here)'
            cand summary 'Event counts by hour, day, key, action, actor or status'
            cand verify 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint'
            cand export 'Events as NDJSON, oldest first, streamed to stdout'
            cand record 'Append an event, e.g. an MCP tool call a server served'
            cand prune 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)'
            cand checkpoint 'Sign a checkpoint of the chain''s head (a C2SP signed note) to keep off the database host'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;audit;help;query'= {
        }
        &'keywarden;audit;help;summary'= {
        }
        &'keywarden;audit;help;verify'= {
        }
        &'keywarden;audit;help;export'= {
        }
        &'keywarden;audit;help;record'= {
        }
        &'keywarden;audit;help;prune'= {
        }
        &'keywarden;audit;help;checkpoint'= {
        }
        &'keywarden;audit;help;help'= {
        }
        &'keywarden;incident'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand respond 'Revoke a leaked key, review its trail, mint a replacement, write a report'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;incident;respond'= {
            cand --window 'How far back to review the key''s audit trail'
            cand --report 'Write the incident report here (Markdown, or JSON with --format json)'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --no-replace 'Do not mint a replacement key'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;incident;help'= {
            cand respond 'Revoke a leaked key, review its trail, mint a replacement, write a report'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;incident;help;respond'= {
        }
        &'keywarden;incident;help;help'= {
        }
        &'keywarden;scan'= {
            cand --prefix 'Scan for this prefix without opening a store'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --git 'Scan every blob in the repository''s history instead of the files'
            cand --check 'Look each token up in the store: active, revoked, expired or unknown'
            cand --revoke 'Revoke the active ones (reason `leaked`; implies --check; asks to confirm)'
            cand --no-ignore 'Also scan files that .gitignore and .ignore exclude'
            cand --sarif 'Print SARIF 2.1.0 JSON, for code-scanning dashboards'
            cand --gitleaks-rule 'Print a gitleaks rule (TOML) for this store''s tokens and exit'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'keywarden;serve'= {
            cand --config 'A TOML file of serve settings: each flag below by its name with `_` for `-` (e.g. max_staleness = "1s"); a flag or its environment variable overrides the file'
            cand --listen 'Where to listen: HOST:PORT, or unix:PATH for a Unix socket [default: 127.0.0.1:8470]'
            cand --max-staleness 'The longest a decision may rely on a cached tool catalog, e.g. 1s [default: 1s]'
            cand --actor-kind 'The actor kind recorded in the audit events of checks (rest, mcp, …) [default: rest]'
            cand --routes 'A TOML routes file: what each method and path of the original request needs (resource, ability, tool), for proxies that cannot set X-Keywarden-* headers; a path no route matches is refused'
            cand --upstream 'Be a gateway in front of this MCP server or HTTP API (http://HOST:PORT[/PATH]): every path but serve''s own is checked and forwarded, the client''s Authorization never'
            cand --mcp-path 'The MCP endpoint''s path, whose JSON-RPC bodies the gateway reads (tools/call checked per tool, tools/list filtered) [default: /mcp]'
            cand --max-body 'The largest request body the gateway takes, in bytes (K, M suffixes allowed); larger is refused with 413 before it is read [default: 4M]'
            cand --github-keys 'GitHub''s secret-scanning public keys (the JSON of api.github.com/meta/public_keys/secret_scanning): serves POST /v1/leaks/github; re-read when the file changes'
            cand --gitlab-secret-file 'A file holding the token GitLab sends in Authorization (one line, not world-readable): serves GitLab''s token revocation API'
            cand --incident-dir 'Write each leak batch''s incident report here (Markdown, or JSON with --format json)'
            cand --checkpoint-every 'Sign a checkpoint of the audit chain this often, e.g. 1h (needs --checkpoint-dir and --signing-key-file)'
            cand --checkpoint-dir 'Where scheduled checkpoints go: storage the database''s admins cannot rewrite'
            cand --signing-key-file 'The private key from `keygen --signing --out FILE`, for scheduled checkpoints'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;keygen'= {
            cand --out 'With --signing: the new file for the private key (never overwritten)'
            cand --name 'With --signing: the key''s name in signed notes [default: keywarden]'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --signing 'Make an Ed25519 key pair for `audit checkpoint` instead: the private key to --out FILE (0600), the public key to stdout'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;completions'= {
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;man'= {
            cand --out 'Write keywarden.1 and one page per subcommand into DIR (default: print keywarden.1)'
            cand --store 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]'
            cand -o 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --format 'Output format (`credentials import` also takes its input format, legacy-cfb)'
            cand --actor 'Who is acting, as recorded in the audit log [default: the OS user]'
            cand --json 'Same as --format json'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print data only: no notes or warnings on stderr'
            cand --quiet 'Print data only: no notes or warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'keywarden;help'= {
            cand init 'Create or migrate the store and set its token prefix and bcrypt cost'
            cand store 'Store status and migrations'
            cand keys 'Mint, list, verify, revoke and rotate API keys'
            cand abilities 'The ability catalog'
            cand tools 'Which ability each MCP tool requires'
            cand credentials 'Encrypted source credentials: OAuth tokens, DB passwords, API credentials'
            cand audit 'The tamper-evident audit log'
            cand incident 'The leaked-token playbook'
            cand scan 'Find leaked tokens in files or git history'
            cand serve 'The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)'
            cand keygen 'Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key'
            cand completions 'Print shell completions'
            cand man 'Write man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'keywarden;help;init'= {
        }
        &'keywarden;help;store'= {
            cand status 'Backend, URL, schema version, settings and row counts'
            cand migrate 'Apply the embedded schema migrations this store lacks'
        }
        &'keywarden;help;store;status'= {
        }
        &'keywarden;help;store;migrate'= {
        }
        &'keywarden;help;keys'= {
            cand create 'Mint a key and print its token, once'
            cand list 'List keys (default: active ones)'
            cand show 'Show one key'
            cand update 'Change a key''s name, note or rate limit (never its scope or abilities)'
            cand revoke 'Revoke keys now; idempotent, the row and its history stay'
            cand rotate 'Replace a key with a new one with the same grants'
            cand verify 'Authenticate and authorize a token read from stdin'
            cand stale 'Find keys nobody has used for a while (for cron)'
        }
        &'keywarden;help;keys;create'= {
        }
        &'keywarden;help;keys;list'= {
        }
        &'keywarden;help;keys;show'= {
        }
        &'keywarden;help;keys;update'= {
        }
        &'keywarden;help;keys;revoke'= {
        }
        &'keywarden;help;keys;rotate'= {
        }
        &'keywarden;help;keys;verify'= {
        }
        &'keywarden;help;keys;stale'= {
        }
        &'keywarden;help;abilities'= {
            cand add 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it'
            cand list 'List the catalog'
            cand rm 'Remove abilities from the catalog (keys that hold them keep them)'
        }
        &'keywarden;help;abilities;add'= {
        }
        &'keywarden;help;abilities;list'= {
        }
        &'keywarden;help;abilities;rm'= {
        }
        &'keywarden;help;tools'= {
            cand set 'Map a tool to the ability it requires'
            cand list 'List tool mappings'
            cand rm 'Remove tool mappings (verify then fails closed for them)'
        }
        &'keywarden;help;tools;set'= {
        }
        &'keywarden;help;tools;list'= {
        }
        &'keywarden;help;tools;rm'= {
        }
        &'keywarden;help;credentials'= {
            cand add 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt'
            cand list 'List credentials (never their values)'
            cand show 'Show one credential; --reveal decrypts it (audited)'
            cand update 'Replace a credential''s value (e.g. a refreshed OAuth token)'
            cand rm 'Delete a credential (asks to confirm)'
            cand verify 'Check that every credential decrypts and passes its integrity check'
            cand rekey 'Re-encrypt every credential under a new key, online and resumably'
            cand import 'Import credentials exported by a system that used unauthenticated AES-256-CFB'
        }
        &'keywarden;help;credentials;add'= {
        }
        &'keywarden;help;credentials;list'= {
        }
        &'keywarden;help;credentials;show'= {
        }
        &'keywarden;help;credentials;update'= {
        }
        &'keywarden;help;credentials;rm'= {
        }
        &'keywarden;help;credentials;verify'= {
        }
        &'keywarden;help;credentials;rekey'= {
        }
        &'keywarden;help;credentials;import'= {
        }
        &'keywarden;help;audit'= {
            cand query 'Events, newest first (the global --actor filters by actor here)'
            cand summary 'Event counts by hour, day, key, action, actor or status'
            cand verify 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint'
            cand export 'Events as NDJSON, oldest first, streamed to stdout'
            cand record 'Append an event, e.g. an MCP tool call a server served'
            cand prune 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)'
            cand checkpoint 'Sign a checkpoint of the chain''s head (a C2SP signed note) to keep off the database host'
        }
        &'keywarden;help;audit;query'= {
        }
        &'keywarden;help;audit;summary'= {
        }
        &'keywarden;help;audit;verify'= {
        }
        &'keywarden;help;audit;export'= {
        }
        &'keywarden;help;audit;record'= {
        }
        &'keywarden;help;audit;prune'= {
        }
        &'keywarden;help;audit;checkpoint'= {
        }
        &'keywarden;help;incident'= {
            cand respond 'Revoke a leaked key, review its trail, mint a replacement, write a report'
        }
        &'keywarden;help;incident;respond'= {
        }
        &'keywarden;help;scan'= {
        }
        &'keywarden;help;serve'= {
        }
        &'keywarden;help;keygen'= {
        }
        &'keywarden;help;completions'= {
        }
        &'keywarden;help;man'= {
        }
        &'keywarden;help;help'= {
        }
    ]
    $completions[$command]
}
