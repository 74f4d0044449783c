# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_keywarden_global_optspecs
    string join \n store= o/format= json actor= y/yes q/quiet h/help V/version
end

function __fish_keywarden_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_keywarden_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_keywarden_using_subcommand
    set -l cmd (__fish_keywarden_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c keywarden -n "__fish_keywarden_needs_command" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_needs_command" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_needs_command" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_needs_command" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_needs_command" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_needs_command" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keywarden -n "__fish_keywarden_needs_command" -s V -l version -d 'Print version'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "init" -d 'Create or migrate the store and set its token prefix and bcrypt cost'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "store" -d 'Store status and migrations'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "keys" -d 'Mint, list, verify, revoke and rotate API keys'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "clientkeys" -d 'Mint, list, verify, revoke and rotate API keys'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "abilities" -d 'The ability catalog'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "tools" -d 'Which ability each MCP tool requires'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "credentials" -d 'Encrypted source credentials: OAuth tokens, DB passwords, API credentials'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "audit" -d 'The tamper-evident audit log'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "incident" -d 'The leaked-token playbook'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "scan" -d 'Find leaked tokens in files or git history'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "serve" -d 'The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "keygen" -d 'Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "man" -d 'Write man pages'
complete -c keywarden -n "__fish_keywarden_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -l prefix -d 'Token prefix: 2–16 chars, a lowercase letter then lowercase letters or digits' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -l bcrypt-cost -d 'bcrypt cost for new keys (4–31; below 10 is for tests only)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand init" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -f -a "status" -d 'Backend, URL, schema version, settings and row counts'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -f -a "migrate" -d 'Apply the embedded schema migrations this store lacks'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and not __fish_seen_subcommand_from status migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "status" -d 'Backend, URL, schema version, settings and row counts'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Apply the embedded schema migrations this store lacks'
complete -c keywarden -n "__fish_keywarden_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "create" -d 'Mint a key and print its token, once'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "list" -d 'List keys (default: active ones)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "show" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "get" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "update" -d 'Change a key\'s name, note or rate limit (never its scope or abilities)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "revoke" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "delete" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "rotate" -d 'Replace a key with a new one with the same grants'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "verify" -d 'Authenticate and authorize a token read from stdin'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "stale" -d 'Find keys nobody has used for a while (for cron)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l name -d 'What the key is for, e.g. "Claude Desktop – docs"' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l scope -d 'Scope path(s) the key covers, e.g. org:acme/collection:docs' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l ability -d 'Abilities granted, e.g. read:tables (nothing is granted by default)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l scopes -d 'Fluxbase\'s name for abilities: refused, naming the --ability to pass (clap would otherwise suggest --scope, keywarden\'s resource paths)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l tool -d 'Restrict the key to these MCP tools' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l expires-in -d 'Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l expires-at -d 'Expire at this time (RFC 3339 or a date)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l rate-limit -d 'Requests per minute allowed by `keys verify`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l note -d 'Free text kept with the key' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l service -d 'A service key: every resource and every ability (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l status -d 'Which keys, by status' -r -f -a "active\t''
revoked\t''
expired\t''
all\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l scope -d 'Keys whose scope lies under or covers this path' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l unused-for -d 'Keys not used (or, if never used, created) for at least this long' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l expiring-within -d 'Keys that expire within this long' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l name -d 'Keys whose name matches this glob' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l name -d 'The new name' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l note -d 'The new note (free text kept with the key; "" clears it)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l rate-limit -d 'The new limit of requests per minute allowed by `keys verify`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l no-rate-limit -d 'Remove the rate limit'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l reason -d 'Why, kept with the key and in the audit log' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -l reason -d 'Why, kept with the key and in the audit log' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l grace -d 'Keep the old key valid this long (e.g. 24h); without it, revoke it now' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l resource -d 'The resource the request touches, e.g. org:acme/collection:docs' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l ability -d 'An ability the request needs' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l tool -d 'The MCP tool the request calls' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l actor-kind -d 'Who is calling, for the audit log: cli, cron, mcp, rest, …' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -l unused-for -d 'Unused for at least this long, e.g. 90d' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -l revoke -d 'Revoke the keys found (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -l fail-if-any -d 'Exit 3 when any stale key is found'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from stale" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "create" -d 'Mint a key and print its token, once'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List keys (default: active ones)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a key\'s name, note or rate limit (never its scope or abilities)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace a key with a new one with the same grants'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Authenticate and authorize a token read from stdin'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "stale" -d 'Find keys nobody has used for a while (for cron)'
complete -c keywarden -n "__fish_keywarden_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "create" -d 'Mint a key and print its token, once'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "list" -d 'List keys (default: active ones)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "show" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "get" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "update" -d 'Change a key\'s name, note or rate limit (never its scope or abilities)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "revoke" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "delete" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "rotate" -d 'Replace a key with a new one with the same grants'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "verify" -d 'Authenticate and authorize a token read from stdin'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "stale" -d 'Find keys nobody has used for a while (for cron)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and not __fish_seen_subcommand_from create list show get update revoke delete rotate verify stale help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l name -d 'What the key is for, e.g. "Claude Desktop – docs"' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l scope -d 'Scope path(s) the key covers, e.g. org:acme/collection:docs' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l ability -d 'Abilities granted, e.g. read:tables (nothing is granted by default)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l scopes -d 'Fluxbase\'s name for abilities: refused, naming the --ability to pass (clap would otherwise suggest --scope, keywarden\'s resource paths)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l tool -d 'Restrict the key to these MCP tools' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l expires-in -d 'Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l expires-at -d 'Expire at this time (RFC 3339 or a date)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l rate-limit -d 'Requests per minute allowed by `keys verify`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l note -d 'Free text kept with the key' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l service -d 'A service key: every resource and every ability (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l status -d 'Which keys, by status' -r -f -a "active\t''
revoked\t''
expired\t''
all\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l scope -d 'Keys whose scope lies under or covers this path' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l unused-for -d 'Keys not used (or, if never used, created) for at least this long' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l expiring-within -d 'Keys that expire within this long' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l name -d 'Keys whose name matches this glob' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l name -d 'The new name' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l note -d 'The new note (free text kept with the key; "" clears it)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l rate-limit -d 'The new limit of requests per minute allowed by `keys verify`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l no-rate-limit -d 'Remove the rate limit'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -l reason -d 'Why, kept with the key and in the audit log' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -l reason -d 'Why, kept with the key and in the audit log' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -l grace -d 'Keep the old key valid this long (e.g. 24h); without it, revoke it now' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l resource -d 'The resource the request touches, e.g. org:acme/collection:docs' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l ability -d 'An ability the request needs' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l tool -d 'The MCP tool the request calls' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l actor-kind -d 'Who is calling, for the audit log: cli, cron, mcp, rest, …' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -l unused-for -d 'Unused for at least this long, e.g. 90d' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -l revoke -d 'Revoke the keys found (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -l fail-if-any -d 'Exit 3 when any stale key is found'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from stale" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "create" -d 'Mint a key and print its token, once'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List keys (default: active ones)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a key\'s name, note or rate limit (never its scope or abilities)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace a key with a new one with the same grants'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Authenticate and authorize a token read from stdin'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "stale" -d 'Find keys nobody has used for a while (for cron)'
complete -c keywarden -n "__fish_keywarden_using_subcommand clientkeys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -f -a "add" -d 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -f -a "list" -d 'List the catalog'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -f -a "rm" -d 'Remove abilities from the catalog (keys that hold them keep them)'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and not __fish_seen_subcommand_from add list rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -l description -d 'What holding these abilities allows, shown by `abilities list`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the catalog'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove abilities from the catalog (keys that hold them keep them)'
complete -c keywarden -n "__fish_keywarden_using_subcommand abilities; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -f -a "set" -d 'Map a tool to the ability it requires'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -f -a "list" -d 'List tool mappings'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -f -a "rm" -d 'Remove tool mappings (verify then fails closed for them)'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and not __fish_seen_subcommand_from set list rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -l requires -d 'The ability a key needs to call it' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from help" -f -a "set" -d 'Map a tool to the ability it requires'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tool mappings'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove tool mappings (verify then fails closed for them)'
complete -c keywarden -n "__fish_keywarden_using_subcommand tools; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "add" -d 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "list" -d 'List credentials (never their values)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "show" -d 'Show one credential; --reveal decrypts it (audited)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "update" -d 'Replace a credential\'s value (e.g. a refreshed OAuth token)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "rm" -d 'Delete a credential (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "verify" -d 'Check that every credential decrypts and passes its integrity check'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "rekey" -d 'Re-encrypt every credential under a new key, online and resumably'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "import" -d 'Import credentials exported by a system that used unauthenticated AES-256-CFB'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and not __fish_seen_subcommand_from add list show update rm verify rekey import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l name -d 'A unique name, e.g. "github-oauth-acme"' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l kind -d 'What the value is' -r -f -a "oauth_access_token\t''
oauth_refresh_token\t''
db_password\t''
api_credential\t''
connection_string\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l scope -d 'The scope path the credential belongs to, e.g. org:acme' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l value-file -d 'Read the value from this file (`-` for stdin); trailing newlines are dropped' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -l reveal -d 'Print the decrypted value (recorded in the audit log)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -l value-file -d 'Read the new value from this file (`-` for stdin); trailing newlines are dropped' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l new-key-file -d 'The new key (base64 of 32 bytes) from this file; default NEW_ENCRYPTION_KEY, else ENCRYPTION_KEY (moving rows off ENCRYPTION_KEY_PREVIOUS)' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l batch -d 'Rows per transaction' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l dry-run -d 'Check and re-encrypt everything in memory; write nothing'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from rekey" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -l key-file -d 'Read ENCRYPTION_KEY from this file instead of the environment' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "add" -d 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "list" -d 'List credentials (never their values)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one credential; --reveal decrypts it (audited)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "update" -d 'Replace a credential\'s value (e.g. a refreshed OAuth token)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete a credential (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check that every credential decrypts and passes its integrity check'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "rekey" -d 'Re-encrypt every credential under a new key, online and resumably'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import credentials exported by a system that used unauthenticated AES-256-CFB'
complete -c keywarden -n "__fish_keywarden_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "query" -d 'Events, newest first (the global --actor filters by actor here)'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "summary" -d 'Event counts by hour, day, key, action, actor or status'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "verify" -d 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "export" -d 'Events as NDJSON, oldest first, streamed to stdout'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "record" -d 'Append an event, e.g. an MCP tool call a server served'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "prune" -d 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "checkpoint" -d 'Sign a checkpoint of the chain\'s head (a C2SP signed note) to keep off the database host'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and not __fish_seen_subcommand_from query summary verify export record prune checkpoint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l key -d 'Events of this key (id, kw_id, or unique active name)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l actor-kind -d 'cli, cron, mcp, rest, dashboard, system, …' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l action -d 'Action glob, e.g. `key.*`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l status -d 'HTTP-like status, e.g. 401' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l since -d 'From this time: RFC 3339, a date, or a duration ago (24h)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l until -d 'Before this time' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l limit -d 'At most this many events (0 = all)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l by -d 'What to count by' -r -f -a "hour\t''
day\t''
key\t''
action\t''
actor\t''
status\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l key -d 'Events of this key (id, kw_id, or unique active name)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l actor-kind -d 'cli, cron, mcp, rest, dashboard, system, …' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l action -d 'Action glob, e.g. `key.*`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l status -d 'HTTP-like status, e.g. 401' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l since -d 'From this time: RFC 3339, a date, or a duration ago (24h)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l until -d 'Before this time' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from summary" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -l checkpoint -d 'Also check these signed checkpoints against the chain (needs --verify-key)' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -l verify-key -d 'The public key the checkpoints were signed with, as `keygen --signing` printed it' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l key -d 'Events of this key (id, kw_id, or unique active name)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l actor-kind -d 'cli, cron, mcp, rest, dashboard, system, …' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l action -d 'Action glob, e.g. `key.*`' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l status -d 'HTTP-like status, e.g. 401' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'From this time: RFC 3339, a date, or a duration ago (24h)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l until -d 'Before this time' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l action -d 'Dotted action, e.g. mcp.tool_call' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l key -d 'The key the event is about' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l tool -d 'The MCP tool the event is about' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l status -d 'HTTP-like status' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l subject -d 'What the event is about, e.g. a resource path' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l detail -d 'Extra details; tokens and secret-named keys are redacted' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l actor-kind -d 'Who is recording: cli, cron, mcp, rest, …' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from record" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -l older-than -d 'Delete events older than this, e.g. 365d' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l signing-key-file -d 'The private key from `keygen --signing --out FILE`' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l out -d 'Write the signed note to FILE instead of stdout' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "query" -d 'Events, newest first (the global --actor filters by actor here)'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "summary" -d 'Event counts by hour, day, key, action, actor or status'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Events as NDJSON, oldest first, streamed to stdout'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "record" -d 'Append an event, e.g. an MCP tool call a server served'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "checkpoint" -d 'Sign a checkpoint of the chain\'s head (a C2SP signed note) to keep off the database host'
complete -c keywarden -n "__fish_keywarden_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -f -a "respond" -d 'Revoke a leaked key, review its trail, mint a replacement, write a report'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and not __fish_seen_subcommand_from respond help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -l window -d 'How far back to review the key\'s audit trail' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -l report -d 'Write the incident report here (Markdown, or JSON with --format json)' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -l no-replace -d 'Do not mint a replacement key'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from respond" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from help" -f -a "respond" -d 'Revoke a leaked key, review its trail, mint a replacement, write a report'
complete -c keywarden -n "__fish_keywarden_using_subcommand incident; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l prefix -d 'Scan for this prefix without opening a store' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l git -d 'Scan every blob in the repository\'s history instead of the files'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l check -d 'Look each token up in the store: active, revoked, expired or unknown'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l revoke -d 'Revoke the active ones (reason `leaked`; implies --check; asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l no-ignore -d 'Also scan files that .gitignore and .ignore exclude'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l sarif -d 'Print SARIF 2.1.0 JSON, for code-scanning dashboards'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l gitleaks-rule -d 'Print a gitleaks rule (TOML) for this store\'s tokens and exit'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l config -d 'A TOML file of serve settings: each flag below by its name with `_` for `-` (e.g. max_staleness = "1s"); a flag or its environment variable overrides the file' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l listen -d 'Where to listen: HOST:PORT, or unix:PATH for a Unix socket [default: 127.0.0.1:8470]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l max-staleness -d 'The longest a decision may rely on a cached tool catalog, e.g. 1s [default: 1s]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l actor-kind -d 'The actor kind recorded in the audit events of checks (rest, mcp, …) [default: rest]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l routes -d 'A TOML routes file: what each method and path of the original request needs (resource, ability, tool), for proxies that cannot set X-Keywarden-* headers; a path no route matches is refused' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l upstream -d 'Be a gateway in front of this MCP server or HTTP API (http://HOST:PORT[/PATH]): every path but serve\'s own is checked and forwarded, the client\'s Authorization never' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l mcp-path -d 'The MCP endpoint\'s path, whose JSON-RPC bodies the gateway reads (tools/call checked per tool, tools/list filtered) [default: /mcp]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l max-body -d 'The largest request body the gateway takes, in bytes (K, M suffixes allowed); larger is refused with 413 before it is read [default: 4M]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l github-keys -d 'GitHub\'s secret-scanning public keys (the JSON of api.github.com/meta/public_keys/secret_scanning): serves POST /v1/leaks/github; re-read when the file changes' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l gitlab-secret-file -d 'A file holding the token GitLab sends in Authorization (one line, not world-readable): serves GitLab\'s token revocation API' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l incident-dir -d 'Write each leak batch\'s incident report here (Markdown, or JSON with --format json)' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l checkpoint-every -d 'Sign a checkpoint of the audit chain this often, e.g. 1h (needs --checkpoint-dir and --signing-key-file)' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l checkpoint-dir -d 'Where scheduled checkpoints go: storage the database\'s admins cannot rewrite' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l signing-key-file -d 'The private key from `keygen --signing --out FILE`, for scheduled checkpoints' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand serve" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -l out -d 'With --signing: the new file for the private key (never overwritten)' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -l name -d 'With --signing: the key\'s name in signed notes [default: keywarden]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -l signing -d 'Make an Ed25519 key pair for `audit checkpoint` instead: the private key to --out FILE (0600), the public key to stdout'
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand completions" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -l out -d 'Write keywarden.1 and one page per subcommand into DIR (default: print keywarden.1)' -r -F
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -l store -d 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -s o -l format -d 'Output format (`credentials import` also takes its input format, legacy-cfb)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -l actor -d 'Who is acting, as recorded in the audit log [default: the OS user]' -r
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -l json -d 'Same as --format json'
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -s y -l yes -d 'Answer yes to every confirmation'
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -s q -l quiet -d 'Print data only: no notes or warnings on stderr'
complete -c keywarden -n "__fish_keywarden_using_subcommand man" -s h -l help -d 'Print help'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "init" -d 'Create or migrate the store and set its token prefix and bcrypt cost'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "store" -d 'Store status and migrations'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "keys" -d 'Mint, list, verify, revoke and rotate API keys'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "abilities" -d 'The ability catalog'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "tools" -d 'Which ability each MCP tool requires'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "credentials" -d 'Encrypted source credentials: OAuth tokens, DB passwords, API credentials'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "audit" -d 'The tamper-evident audit log'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "incident" -d 'The leaked-token playbook'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "scan" -d 'Find leaked tokens in files or git history'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "serve" -d 'The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "keygen" -d 'Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "completions" -d 'Print shell completions'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "man" -d 'Write man pages'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and not __fish_seen_subcommand_from init store keys abilities tools credentials audit incident scan serve keygen completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "status" -d 'Backend, URL, schema version, settings and row counts'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "migrate" -d 'Apply the embedded schema migrations this store lacks'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "create" -d 'Mint a key and print its token, once'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'List keys (default: active ones)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "show" -d 'Show one key'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "update" -d 'Change a key\'s name, note or rate limit (never its scope or abilities)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "revoke" -d 'Revoke keys now; idempotent, the row and its history stay'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Replace a key with a new one with the same grants'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "verify" -d 'Authenticate and authorize a token read from stdin'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "stale" -d 'Find keys nobody has used for a while (for cron)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from abilities" -f -a "add" -d 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from abilities" -f -a "list" -d 'List the catalog'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from abilities" -f -a "rm" -d 'Remove abilities from the catalog (keys that hold them keep them)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from tools" -f -a "set" -d 'Map a tool to the ability it requires'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from tools" -f -a "list" -d 'List tool mappings'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from tools" -f -a "rm" -d 'Remove tool mappings (verify then fails closed for them)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "add" -d 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "list" -d 'List credentials (never their values)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "show" -d 'Show one credential; --reveal decrypts it (audited)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "update" -d 'Replace a credential\'s value (e.g. a refreshed OAuth token)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "rm" -d 'Delete a credential (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "verify" -d 'Check that every credential decrypts and passes its integrity check'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "rekey" -d 'Re-encrypt every credential under a new key, online and resumably'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "import" -d 'Import credentials exported by a system that used unauthenticated AES-256-CFB'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "query" -d 'Events, newest first (the global --actor filters by actor here)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "summary" -d 'Event counts by hour, day, key, action, actor or status'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Events as NDJSON, oldest first, streamed to stdout'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "record" -d 'Append an event, e.g. an MCP tool call a server served'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "prune" -d 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "checkpoint" -d 'Sign a checkpoint of the chain\'s head (a C2SP signed note) to keep off the database host'
complete -c keywarden -n "__fish_keywarden_using_subcommand help; and __fish_seen_subcommand_from incident" -f -a "respond" -d 'Revoke a leaked key, review its trail, mint a replacement, write a report'
