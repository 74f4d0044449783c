
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'keywarden' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'keywarden'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'keywarden' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or migrate the store and set its token prefix and bcrypt cost')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Store status and migrations')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Mint, list, verify, revoke and rotate API keys')
            [CompletionResult]::new('clientkeys', 'clientkeys', [CompletionResultType]::ParameterValue, 'Mint, list, verify, revoke and rotate API keys')
            [CompletionResult]::new('abilities', 'abilities', [CompletionResultType]::ParameterValue, 'The ability catalog')
            [CompletionResult]::new('tools', 'tools', [CompletionResultType]::ParameterValue, 'Which ability each MCP tool requires')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Encrypted source credentials: OAuth tokens, DB passwords, API credentials')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The tamper-evident audit log')
            [CompletionResult]::new('incident', 'incident', [CompletionResultType]::ParameterValue, 'The leaked-token playbook')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find leaked tokens in files or git history')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;init' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Token prefix: 2–16 chars, a lowercase letter then lowercase letters or digits')
            [CompletionResult]::new('--bcrypt-cost', '--bcrypt-cost', [CompletionResultType]::ParameterName, 'bcrypt cost for new keys (4–31; below 10 is for tests only)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;store' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Backend, URL, schema version, settings and row counts')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply the embedded schema migrations this store lacks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;store;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;store;migrate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;store;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Backend, URL, schema version, settings and row counts')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply the embedded schema migrations this store lacks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;store;help;status' {
            break
        }
        'keywarden;store;help;migrate' {
            break
        }
        'keywarden;store;help;help' {
            break
        }
        'keywarden;keys' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a key and print its token, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a key''s name, note or rate limit (never its scope or abilities)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a key with a new one with the same grants')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Authenticate and authorize a token read from stdin')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Find keys nobody has used for a while (for cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;clientkeys' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a key and print its token, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a key''s name, note or rate limit (never its scope or abilities)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a key with a new one with the same grants')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Authenticate and authorize a token read from stdin')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Find keys nobody has used for a while (for cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;keys;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'What the key is for, e.g. "Claude Desktop – docs"')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope path(s) the key covers, e.g. org:acme/collection:docs')
            [CompletionResult]::new('--ability', '--ability', [CompletionResultType]::ParameterName, 'Abilities granted, e.g. read:tables (nothing is granted by default)')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'Fluxbase''s name for abilities: refused, naming the --ability to pass (clap would otherwise suggest --scope, keywarden''s resource paths)')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Restrict the key to these MCP tools')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at this time (RFC 3339 or a date)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Requests per minute allowed by `keys verify`')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Free text kept with the key')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'A service key: every resource and every ability (asks to confirm)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'What the key is for, e.g. "Claude Desktop – docs"')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope path(s) the key covers, e.g. org:acme/collection:docs')
            [CompletionResult]::new('--ability', '--ability', [CompletionResultType]::ParameterName, 'Abilities granted, e.g. read:tables (nothing is granted by default)')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'Fluxbase''s name for abilities: refused, naming the --ability to pass (clap would otherwise suggest --scope, keywarden''s resource paths)')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Restrict the key to these MCP tools')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at this time (RFC 3339 or a date)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Requests per minute allowed by `keys verify`')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Free text kept with the key')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'A service key: every resource and every ability (asks to confirm)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Which keys, by status')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Keys whose scope lies under or covers this path')
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Keys not used (or, if never used, created) for at least this long')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Keys that expire within this long')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Keys whose name matches this glob')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Which keys, by status')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Keys whose scope lies under or covers this path')
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Keys not used (or, if never used, created) for at least this long')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Keys that expire within this long')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Keys whose name matches this glob')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;get' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;get' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The new name')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'The new note (free text kept with the key; "" clears it)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The new limit of requests per minute allowed by `keys verify`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--no-rate-limit', '--no-rate-limit', [CompletionResultType]::ParameterName, 'Remove the rate limit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The new name')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'The new note (free text kept with the key; "" clears it)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The new limit of requests per minute allowed by `keys verify`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--no-rate-limit', '--no-rate-limit', [CompletionResultType]::ParameterName, 'Remove the rate limit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;revoke' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept with the key and in the audit log')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;delete' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept with the key and in the audit log')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;revoke' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept with the key and in the audit log')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;delete' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept with the key and in the audit log')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;rotate' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the old key valid this long (e.g. 24h); without it, revoke it now')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;rotate' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the old key valid this long (e.g. 24h); without it, revoke it now')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;verify' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource the request touches, e.g. org:acme/collection:docs')
            [CompletionResult]::new('--ability', '--ability', [CompletionResultType]::ParameterName, 'An ability the request needs')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'The MCP tool the request calls')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'Who is calling, for the audit log: cli, cron, mcp, rest, …')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;verify' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource the request touches, e.g. org:acme/collection:docs')
            [CompletionResult]::new('--ability', '--ability', [CompletionResultType]::ParameterName, 'An ability the request needs')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'The MCP tool the request calls')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'Who is calling, for the audit log: cli, cron, mcp, rest, …')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;stale' {
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Unused for at least this long, e.g. 90d')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Revoke the keys found (asks to confirm)')
            [CompletionResult]::new('--fail-if-any', '--fail-if-any', [CompletionResultType]::ParameterName, 'Exit 3 when any stale key is found')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;clientkeys;stale' {
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Unused for at least this long, e.g. 90d')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Revoke the keys found (asks to confirm)')
            [CompletionResult]::new('--fail-if-any', '--fail-if-any', [CompletionResultType]::ParameterName, 'Exit 3 when any stale key is found')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keys;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a key and print its token, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a key''s name, note or rate limit (never its scope or abilities)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a key with a new one with the same grants')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Authenticate and authorize a token read from stdin')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Find keys nobody has used for a while (for cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;keys;help;create' {
            break
        }
        'keywarden;keys;help;list' {
            break
        }
        'keywarden;keys;help;show' {
            break
        }
        'keywarden;keys;help;update' {
            break
        }
        'keywarden;keys;help;revoke' {
            break
        }
        'keywarden;keys;help;rotate' {
            break
        }
        'keywarden;keys;help;verify' {
            break
        }
        'keywarden;keys;help;stale' {
            break
        }
        'keywarden;keys;help;help' {
            break
        }
        'keywarden;clientkeys;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a key and print its token, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a key''s name, note or rate limit (never its scope or abilities)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a key with a new one with the same grants')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Authenticate and authorize a token read from stdin')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Find keys nobody has used for a while (for cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;clientkeys;help;create' {
            break
        }
        'keywarden;clientkeys;help;list' {
            break
        }
        'keywarden;clientkeys;help;show' {
            break
        }
        'keywarden;clientkeys;help;update' {
            break
        }
        'keywarden;clientkeys;help;revoke' {
            break
        }
        'keywarden;clientkeys;help;rotate' {
            break
        }
        'keywarden;clientkeys;help;verify' {
            break
        }
        'keywarden;clientkeys;help;stale' {
            break
        }
        'keywarden;clientkeys;help;help' {
            break
        }
        'keywarden;abilities' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the catalog')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove abilities from the catalog (keys that hold them keep them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;abilities;add' {
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What holding these abilities allows, shown by `abilities list`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;abilities;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;abilities;rm' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;abilities;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the catalog')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove abilities from the catalog (keys that hold them keep them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;abilities;help;add' {
            break
        }
        'keywarden;abilities;help;list' {
            break
        }
        'keywarden;abilities;help;rm' {
            break
        }
        'keywarden;abilities;help;help' {
            break
        }
        'keywarden;tools' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Map a tool to the ability it requires')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tool mappings')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove tool mappings (verify then fails closed for them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;tools;set' {
            [CompletionResult]::new('--requires', '--requires', [CompletionResultType]::ParameterName, 'The ability a key needs to call it')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;tools;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;tools;rm' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;tools;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Map a tool to the ability it requires')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tool mappings')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove tool mappings (verify then fails closed for them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;tools;help;set' {
            break
        }
        'keywarden;tools;help;list' {
            break
        }
        'keywarden;tools;help;rm' {
            break
        }
        'keywarden;tools;help;help' {
            break
        }
        'keywarden;credentials' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List credentials (never their values)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one credential; --reveal decrypts it (audited)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace a credential''s value (e.g. a refreshed OAuth token)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a credential (asks to confirm)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that every credential decrypts and passes its integrity check')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Re-encrypt every credential under a new key, online and resumably')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import credentials exported by a system that used unauthenticated AES-256-CFB')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;credentials;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A unique name, e.g. "github-oauth-acme"')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'What the value is')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope path the credential belongs to, e.g. org:acme')
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from this file (`-` for stdin); trailing newlines are dropped')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'keywarden;credentials;list' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;credentials;show' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print the decrypted value (recorded in the audit log)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;credentials;update' {
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the new value from this file (`-` for stdin); trailing newlines are dropped')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'keywarden;credentials;rm' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;credentials;verify' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;credentials;rekey' {
            [CompletionResult]::new('--new-key-file', '--new-key-file', [CompletionResultType]::ParameterName, 'The new key (base64 of 32 bytes) from this file; default NEW_ENCRYPTION_KEY, else ENCRYPTION_KEY (moving rows off ENCRYPTION_KEY_PREVIOUS)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Rows per transaction')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check and re-encrypt everything in memory; write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;credentials;import' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read ENCRYPTION_KEY from this file instead of the environment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'keywarden;credentials;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List credentials (never their values)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one credential; --reveal decrypts it (audited)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace a credential''s value (e.g. a refreshed OAuth token)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a credential (asks to confirm)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that every credential decrypts and passes its integrity check')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Re-encrypt every credential under a new key, online and resumably')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import credentials exported by a system that used unauthenticated AES-256-CFB')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;credentials;help;add' {
            break
        }
        'keywarden;credentials;help;list' {
            break
        }
        'keywarden;credentials;help;show' {
            break
        }
        'keywarden;credentials;help;update' {
            break
        }
        'keywarden;credentials;help;rm' {
            break
        }
        'keywarden;credentials;help;verify' {
            break
        }
        'keywarden;credentials;help;rekey' {
            break
        }
        'keywarden;credentials;help;import' {
            break
        }
        'keywarden;credentials;help;help' {
            break
        }
        'keywarden;audit' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Events, newest first (the global --actor filters by actor here)')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Event counts by hour, day, key, action, actor or status')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Events as NDJSON, oldest first, streamed to stdout')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Append an event, e.g. an MCP tool call a server served')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Sign a checkpoint of the chain''s head (a C2SP signed note) to keep off the database host')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;audit;query' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Events of this key (id, kw_id, or unique active name)')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'cli, cron, mcp, rest, dashboard, system, …')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Action glob, e.g. `key.*`')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'HTTP-like status, e.g. 401')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time: RFC 3339, a date, or a duration ago (24h)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Before this time')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events (0 = all)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;summary' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'What to count by')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Events of this key (id, kw_id, or unique active name)')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'cli, cron, mcp, rest, dashboard, system, …')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Action glob, e.g. `key.*`')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'HTTP-like status, e.g. 401')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time: RFC 3339, a date, or a duration ago (24h)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Before this time')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;verify' {
            [CompletionResult]::new('--checkpoint', '--checkpoint', [CompletionResultType]::ParameterName, 'Also check these signed checkpoints against the chain (needs --verify-key)')
            [CompletionResult]::new('--verify-key', '--verify-key', [CompletionResultType]::ParameterName, 'The public key the checkpoints were signed with, as `keygen --signing` printed it')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;export' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Events of this key (id, kw_id, or unique active name)')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'cli, cron, mcp, rest, dashboard, system, …')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Action glob, e.g. `key.*`')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'HTTP-like status, e.g. 401')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time: RFC 3339, a date, or a duration ago (24h)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Before this time')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;record' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Dotted action, e.g. mcp.tool_call')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key the event is about')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'The MCP tool the event is about')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'HTTP-like status')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'What the event is about, e.g. a resource path')
            [CompletionResult]::new('--detail', '--detail', [CompletionResultType]::ParameterName, 'Extra details; tokens and secret-named keys are redacted')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'Who is recording: cli, cron, mcp, rest, …')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Delete events older than this, e.g. 365d')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;checkpoint' {
            [CompletionResult]::new('--signing-key-file', '--signing-key-file', [CompletionResultType]::ParameterName, 'The private key from `keygen --signing --out FILE`')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the signed note to FILE instead of stdout')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;audit;help' {
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Events, newest first (the global --actor filters by actor here)')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Event counts by hour, day, key, action, actor or status')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Events as NDJSON, oldest first, streamed to stdout')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Append an event, e.g. an MCP tool call a server served')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Sign a checkpoint of the chain''s head (a C2SP signed note) to keep off the database host')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;audit;help;query' {
            break
        }
        'keywarden;audit;help;summary' {
            break
        }
        'keywarden;audit;help;verify' {
            break
        }
        'keywarden;audit;help;export' {
            break
        }
        'keywarden;audit;help;record' {
            break
        }
        'keywarden;audit;help;prune' {
            break
        }
        'keywarden;audit;help;checkpoint' {
            break
        }
        'keywarden;audit;help;help' {
            break
        }
        'keywarden;incident' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('respond', 'respond', [CompletionResultType]::ParameterValue, 'Revoke a leaked key, review its trail, mint a replacement, write a report')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;incident;respond' {
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How far back to review the key''s audit trail')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write the incident report here (Markdown, or JSON with --format json)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--no-replace', '--no-replace', [CompletionResultType]::ParameterName, 'Do not mint a replacement key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;incident;help' {
            [CompletionResult]::new('respond', 'respond', [CompletionResultType]::ParameterValue, 'Revoke a leaked key, review its trail, mint a replacement, write a report')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;incident;help;respond' {
            break
        }
        'keywarden;incident;help;help' {
            break
        }
        'keywarden;scan' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Scan for this prefix without opening a store')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--git', '--git', [CompletionResultType]::ParameterName, 'Scan every blob in the repository''s history instead of the files')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Look each token up in the store: active, revoked, expired or unknown')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Revoke the active ones (reason `leaked`; implies --check; asks to confirm)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Also scan files that .gitignore and .ignore exclude')
            [CompletionResult]::new('--sarif', '--sarif', [CompletionResultType]::ParameterName, 'Print SARIF 2.1.0 JSON, for code-scanning dashboards')
            [CompletionResult]::new('--gitleaks-rule', '--gitleaks-rule', [CompletionResultType]::ParameterName, 'Print a gitleaks rule (TOML) for this store''s tokens and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'keywarden;serve' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML file of serve settings: each flag below by its name with `_` for `-` (e.g. max_staleness = "1s"); a flag or its environment variable overrides the file')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where to listen: HOST:PORT, or unix:PATH for a Unix socket [default: 127.0.0.1:8470]')
            [CompletionResult]::new('--max-staleness', '--max-staleness', [CompletionResultType]::ParameterName, 'The longest a decision may rely on a cached tool catalog, e.g. 1s [default: 1s]')
            [CompletionResult]::new('--actor-kind', '--actor-kind', [CompletionResultType]::ParameterName, 'The actor kind recorded in the audit events of checks (rest, mcp, …) [default: rest]')
            [CompletionResult]::new('--routes', '--routes', [CompletionResultType]::ParameterName, 'A TOML routes file: what each method and path of the original request needs (resource, ability, tool), for proxies that cannot set X-Keywarden-* headers; a path no route matches is refused')
            [CompletionResult]::new('--upstream', '--upstream', [CompletionResultType]::ParameterName, 'Be a gateway in front of this MCP server or HTTP API (http://HOST:PORT[/PATH]): every path but serve''s own is checked and forwarded, the client''s Authorization never')
            [CompletionResult]::new('--mcp-path', '--mcp-path', [CompletionResultType]::ParameterName, 'The MCP endpoint''s path, whose JSON-RPC bodies the gateway reads (tools/call checked per tool, tools/list filtered) [default: /mcp]')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The largest request body the gateway takes, in bytes (K, M suffixes allowed); larger is refused with 413 before it is read [default: 4M]')
            [CompletionResult]::new('--github-keys', '--github-keys', [CompletionResultType]::ParameterName, 'GitHub''s secret-scanning public keys (the JSON of api.github.com/meta/public_keys/secret_scanning): serves POST /v1/leaks/github; re-read when the file changes')
            [CompletionResult]::new('--gitlab-secret-file', '--gitlab-secret-file', [CompletionResultType]::ParameterName, 'A file holding the token GitLab sends in Authorization (one line, not world-readable): serves GitLab''s token revocation API')
            [CompletionResult]::new('--incident-dir', '--incident-dir', [CompletionResultType]::ParameterName, 'Write each leak batch''s incident report here (Markdown, or JSON with --format json)')
            [CompletionResult]::new('--checkpoint-every', '--checkpoint-every', [CompletionResultType]::ParameterName, 'Sign a checkpoint of the audit chain this often, e.g. 1h (needs --checkpoint-dir and --signing-key-file)')
            [CompletionResult]::new('--checkpoint-dir', '--checkpoint-dir', [CompletionResultType]::ParameterName, 'Where scheduled checkpoints go: storage the database''s admins cannot rewrite')
            [CompletionResult]::new('--signing-key-file', '--signing-key-file', [CompletionResultType]::ParameterName, 'The private key from `keygen --signing --out FILE`, for scheduled checkpoints')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;keygen' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'With --signing: the new file for the private key (never overwritten)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --signing: the key''s name in signed notes [default: keywarden]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--signing', '--signing', [CompletionResultType]::ParameterName, 'Make an Ed25519 key pair for `audit checkpoint` instead: the private key to --out FILE (0600), the public key to stdout')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write keywarden.1 and one page per subcommand into DIR (default: print keywarden.1)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db [default: $XDG_DATA_HOME/keywarden/keywarden.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`credentials import` also takes its input format, legacy-cfb)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, as recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print data only: no notes or warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'keywarden;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or migrate the store and set its token prefix and bcrypt cost')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Store status and migrations')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Mint, list, verify, revoke and rotate API keys')
            [CompletionResult]::new('abilities', 'abilities', [CompletionResultType]::ParameterValue, 'The ability catalog')
            [CompletionResult]::new('tools', 'tools', [CompletionResultType]::ParameterValue, 'Which ability each MCP tool requires')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Encrypted source credentials: OAuth tokens, DB passwords, API credentials')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The tamper-evident audit log')
            [CompletionResult]::new('incident', 'incident', [CompletionResultType]::ParameterValue, 'The leaked-token playbook')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find leaked tokens in files or git history')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'keywarden;help;init' {
            break
        }
        'keywarden;help;store' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Backend, URL, schema version, settings and row counts')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply the embedded schema migrations this store lacks')
            break
        }
        'keywarden;help;store;status' {
            break
        }
        'keywarden;help;store;migrate' {
            break
        }
        'keywarden;help;keys' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a key and print its token, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a key''s name, note or rate limit (never its scope or abilities)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke keys now; idempotent, the row and its history stay')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a key with a new one with the same grants')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Authenticate and authorize a token read from stdin')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Find keys nobody has used for a while (for cron)')
            break
        }
        'keywarden;help;keys;create' {
            break
        }
        'keywarden;help;keys;list' {
            break
        }
        'keywarden;help;keys;show' {
            break
        }
        'keywarden;help;keys;update' {
            break
        }
        'keywarden;help;keys;revoke' {
            break
        }
        'keywarden;help;keys;rotate' {
            break
        }
        'keywarden;help;keys;verify' {
            break
        }
        'keywarden;help;keys;stale' {
            break
        }
        'keywarden;help;abilities' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add abilities to the catalog; once it is non-empty, keys can only get abilities from it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the catalog')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove abilities from the catalog (keys that hold them keep them)')
            break
        }
        'keywarden;help;abilities;add' {
            break
        }
        'keywarden;help;abilities;list' {
            break
        }
        'keywarden;help;abilities;rm' {
            break
        }
        'keywarden;help;tools' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Map a tool to the ability it requires')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tool mappings')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove tool mappings (verify then fails closed for them)')
            break
        }
        'keywarden;help;tools;set' {
            break
        }
        'keywarden;help;tools;list' {
            break
        }
        'keywarden;help;tools;rm' {
            break
        }
        'keywarden;help;credentials' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List credentials (never their values)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one credential; --reveal decrypts it (audited)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace a credential''s value (e.g. a refreshed OAuth token)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a credential (asks to confirm)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that every credential decrypts and passes its integrity check')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Re-encrypt every credential under a new key, online and resumably')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import credentials exported by a system that used unauthenticated AES-256-CFB')
            break
        }
        'keywarden;help;credentials;add' {
            break
        }
        'keywarden;help;credentials;list' {
            break
        }
        'keywarden;help;credentials;show' {
            break
        }
        'keywarden;help;credentials;update' {
            break
        }
        'keywarden;help;credentials;rm' {
            break
        }
        'keywarden;help;credentials;verify' {
            break
        }
        'keywarden;help;credentials;rekey' {
            break
        }
        'keywarden;help;credentials;import' {
            break
        }
        'keywarden;help;audit' {
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Events, newest first (the global --actor filters by actor here)')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Event counts by hour, day, key, action, actor or status')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Events as NDJSON, oldest first, streamed to stdout')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Append an event, e.g. an MCP tool call a server served')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Sign a checkpoint of the chain''s head (a C2SP signed note) to keep off the database host')
            break
        }
        'keywarden;help;audit;query' {
            break
        }
        'keywarden;help;audit;summary' {
            break
        }
        'keywarden;help;audit;verify' {
            break
        }
        'keywarden;help;audit;export' {
            break
        }
        'keywarden;help;audit;record' {
            break
        }
        'keywarden;help;audit;prune' {
            break
        }
        'keywarden;help;audit;checkpoint' {
            break
        }
        'keywarden;help;incident' {
            [CompletionResult]::new('respond', 'respond', [CompletionResultType]::ParameterValue, 'Revoke a leaked key, review its trail, mint a replacement, write a report')
            break
        }
        'keywarden;help;incident;respond' {
            break
        }
        'keywarden;help;scan' {
            break
        }
        'keywarden;help;serve' {
            break
        }
        'keywarden;help;keygen' {
            break
        }
        'keywarden;help;completions' {
            break
        }
        'keywarden;help;man' {
            break
        }
        'keywarden;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
