#!/usr/bin/env bash
# Runs the CLI paths under valgrind on a scratch workspace: every command,
# successful and rejected, must finish with no leak and no memory error.
set -uo pipefail
TMINUS=${1:?usage: tests/valgrind.sh path/to/tminus}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export TMINUS_DB=$dir/vg.db TMINUS_TODAY=2026-11-22
printf 'playbook: [\n' >"$dir/bad.yaml"

fails=0
vg() {
  # expected exit status first, then the command's arguments
  local want=$1; shift
  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=99 "$TMINUS" "$@" >"$dir/out" 2>"$dir/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL (exit $got, want $want): tminus $*"
    sed 's/^/    /' "$dir/err" | head -30
    fails=$((fails + 1))
  else
    echo "ok: tminus $*"
  fi
}

vg 0 demo
vg 0 person add "Zoe Quinn" --role sales --email zoe@example.com
vg 0 person list --json
vg 0 launch add "Valgrind launch" --date 2027-03-16 --tier 1 --pm "Ana Silva" --marketing ben@example.com --owner sales=Zoe\ Quinn
vg 0 launch list
vg 0 launch list --json --tier 2 --from 2026-01-01 --to 2027-12-31
vg 0 launch show valgrind-launch
vg 0 launch set valgrind-launch --tier 3
vg 0 launch set dark-mode --tier 1 --pm "Ana Silva"
vg 0 task list valgrind-launch --status todo
# The valgrind launch's first task is "Value proposition defined"; its 25th "Messaging approved".
first=$(sqlite3 "$TMINUS_DB" "SELECT min(t.id) FROM tasks t JOIN launches l ON l.id = t.launch_id WHERE l.slug = 'valgrind-launch'")
approved=$((first + 24))
vg 0 task add valgrind-launch "Webinar" --due T-5bd --days 2 --after "$approved" --owner Zoe\ Quinn
vg 0 task set "$first" --status in_progress --due 2027-03-01
vg 0 task done "#$((first + 1))"
vg 0 task dep add "$((first + 1))" --after "$((first + 2))"
vg 0 task dep rm "$((first + 1))" --after "$((first + 2))"
vg 0 task add valgrind-launch "Throwaway"
vg 0 task rm "$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM tasks")"
vg 0 playbook show
vg 0 playbook show --json
vg 2 playbook check "$dir/bad.yaml"
vg 2 launch add X --date 2027-02-30 --tier 1
vg 2 launch add X --date 2027-03-01 --tier 5
vg 3 launch add X --date 2027-03-01 --tier 1 --pm Nobody
vg 3 launch show no-such-launch
vg 4 task dep add "$first" --after "$approved"
vg 4 task dep add 1 --after 1
# Plans, calendars, delays.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:x@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$dir/hol.ics"
vg 0 holiday import "$dir/hol.ics"
vg 0 holiday add 2027-01-01 "New Year"
vg 0 holiday list --json
vg 0 holiday rm 2027-01-01
vg 0 freeze add 2026-12-21 2027-01-04 "Year-end freeze"
vg 0 freeze list
vg 0 plan usage-based-billing
vg 0 plan usage-based-billing --json
vg 0 plan valgrind-launch --explain "$approved"
vg 0 baseline save usage-based-billing first
vg 0 launch delay usage-based-billing --to 2027-01-20 --reason "A preview" --dry-run
vg 0 launch delay usage-based-billing --to 2027-01-20 --reason "A preview" --dry-run --json
vg 0 launch delay usage-based-billing --to 2027-01-13 --reason "Certification slipped"
vg 0 plan usage-based-billing --against first
vg 0 baseline list usage-based-billing
vg 0 plan --all
vg 0 person set Ana --capacity 4
vg 0 calendar --to 2027-02-01
vg 0 calendar --ics --person Ana
vg 0 decision add usage-based-billing "Keep the date" --why "Press briefed"
vg 0 decision list
# Readiness: checks, tier suggestion, briefs, channels, documents.
printf '### What We'"'"'re Launching\nA thing.\n\n### Limitations / What This Isn'"'"'t\n- Not that\n' >"$dir/brief.md"
vg 1 check csv-import-fixes
vg 1 check --all --json
vg 0 check --rules
vg 0 tier suggest --significant --existing-market
vg 0 brief import dark-mode "$dir/brief.md"
vg 0 brief dark-mode --json
vg 0 launch set dark-mode --quadrant delight-innovating --add-channel-tasks
vg 0 channels dark-mode
for kind in checklist bom kickoff enablement comms-plan delay-internal delay-external post-launch go-no-go digest; do
  vg 0 doc usage-based-billing "$kind"
done
vg 0 doc --all digest
# Accounts (argon2id under valgrind is slow but short).
echo "a long passphrase" | vg 0 user add ana --role editor --person Ana
vg 0 token create --user ana --name ci --scope read
vg 0 user set ana --role viewer --person none
vg 3 user set nobody --role editor
vg 0 token list
vg 0 feed show --user ana
vg 0 feed reset --user ana --json
vg 3 feed show --user nobody
vg 0 audit --limit 5
vg 0 audit --json --limit 2
vg 0 backup "$dir/backup.db"
vg 4 backup "$dir/backup.db"
vg 2 launch rm csv-import-fixes
vg 0 launch rm csv-import-fixes --yes
vg 3 launch rm csv-import-fixes --yes
vg 2 doc usage-based-billing press-kit
vg 2 check usage-based-billing --rule nope
vg 2 freeze add 2027-01-10 2027-01-01 "Backwards"
vg 2 launch delay usage-based-billing --to 2027-02-30 --reason x
vg 4 baseline save usage-based-billing first
vg 2 lanch list
vg 2 launch list --tierr 1
vg 0 launch add --help
# Inputs described once: owners, reviewers, the public reason, warnings, removals, JSON errors and help.
vg 0 launch set usage-based-billing --owner sales=Ana --owner cs=Ana
vg 0 task add usage-based-billing "Review pricing page" --role sales --reviewer Ana --not-before T-2w
vg 0 task set 1 --reviewer none
vg 0 launch delay usage-based-billing --public-reason "Invoices will be right from day one"
vg 0 launch add "Saturday thing" --date 2027-03-13 --tier 4
vg 4 task rm 44
vg 0 task rm 44 --force --json
vg 2 --json launch add Broken --date 2027-02-10 --tier 9
vg 0 --json task add --help
vg 0 task dep --help
vg 2 task set 1

# After launch day (issue 13): metrics, observations (one, and a CSV with a BOM and CRLF), the status rule,
# reviews, the dashboard and the stakeholder update, and their refusals.
vg 0 launch add "Valgrind metrics" --date 2026-10-01 --tier 2 --pm "Ana Silva"
vg 0 metric add valgrind-metrics "Activation rate" --kind activation --unit % --direction up --baseline 40 \
  --baseline-on 2026-09-15 --target +20% --window 90 --owner "Ana Silva" --source "Amplitude: activation funnel"
vg 0 metric add valgrind-metrics Churn --kind churn --unit % --direction down --baseline 5 --target -1pt --window 180 --json
vg 0 metric set valgrind-metrics churn --owner "Ana Silva" --window 120 --name "Monthly churn"
vg 0 metric record valgrind-metrics "Activation rate" 41.5 --on 2026-10-20 --note "first week"
vg 0 metric record valgrind-metrics "monthly churn" 4.8 --json
printf '\xef\xbb\xbfdate,metric,value,note\r\n2026-11-01,Activation rate,43,\r\n2026-11-02,Monthly churn,4.7,"a, note"\r\n' >"$dir/obs.csv"
vg 0 metric import valgrind-metrics "$dir/obs.csv"
vg 0 metric import valgrind-metrics "$dir/obs.csv" --json
printf 'date,metric,value\n2026-11-03,Activation rate,42\n2026-11-03,Activation rate,NaN\n' >"$dir/bad.csv"
vg 2 metric import valgrind-metrics "$dir/bad.csv"
printf 'date,metric,value,value\n' >"$dir/dup.csv"
vg 2 metric import valgrind-metrics "$dir/dup.csv"
: >"$dir/empty.csv"
vg 2 metric import valgrind-metrics "$dir/empty.csv"
vg 0 metric list valgrind-metrics
vg 0 metric list valgrind-metrics --json
vg 0 metric show valgrind-metrics "Activation rate"
vg 0 metric show valgrind-metrics "monthly churn" --json
vg 0 metric status valgrind-metrics
vg 0 metric status --all
vg 0 metric status --all --json
vg 2 metric status
vg 2 metric record valgrind-metrics "Activation rate" NaN
vg 2 metric record valgrind-metrics "Activation rate" 44 --on 2027-01-01
vg 2 metric add valgrind-metrics Signups --kind adoption --unit count --direction up --baseline 10 --target +20% --window 90
vg 2 metric add valgrind-metrics Signups --kind adoption --unit count --direction up --baseline 10 --target 20 --window 0
vg 2 metric record valgrind-metrics nope 4
vg 0 metric add --help
vg 0 review valgrind-metrics
vg 0 review valgrind-metrics week-2 --json
printf '# Notes\n\nSales liked it.\n' >"$dir/notes.md"
vg 0 review valgrind-metrics week-2 --done --notes "$dir/notes.md"
vg 0 review valgrind-metrics week-2
vg 2 review valgrind-metrics week-9
vg 2 review valgrind-metrics --done
vg 0 dashboard
vg 0 dashboard --quarter 2026Q4 --json
vg 0 dashboard --markdown
vg 2 dashboard --quarter 2026Q5
vg 0 doc --all stakeholder-update --month 2026-10
vg 0 doc --all stakeholder-update --text
vg 0 doc --all stakeholder-update --json
vg 2 doc --all stakeholder-update --month 2026-13
vg 0 doc valgrind-metrics post-launch
vg 0 metric rm valgrind-metrics "monthly churn"

# Issue 14: the glossary and the decision ledger.
vg 0 glossary add "VG term" --definition "a term for valgrind"
vg 0 glossary add "VG persona" --kind persona --role "Head of RevOps" --goals "one forecast" --pains "spreadsheets"
vg 4 glossary add "vg TERM" --definition again
vg 2 glossary add "VG other" --role "CFO" --definition x
vg 0 glossary set "vg term" --term "VG renamed" --definition "renamed"
vg 0 glossary list --json
vg 0 glossary list --kind persona
vg 0 glossary show "VG persona"
vg 3 glossary show "nobody"
vg 0 decision add valgrind-launch "VG decision" --why "valgrind" --option "A" --option "B" --chosen "b" --decided-by "Ana Silva"
vg 2 decision add "VG bad" --why x --option A --chosen C
vg 3 decision add "VG bad" --why x --idea 999999
vg 0 decision list --search 'vg "decis NEAR( OR *'
vg 0 decision list valgrind-launch --search valgrind --json
vg 0 decision show 1 --json
vg 3 decision show 999999
vg 0 glossary rm "VG renamed"

# Issue 14: the roadmap (the demo's, and one more branch), its review and the check of the workspace.
vg 0 roadmap add "VG bet" --level strategic --owner "Ana Silva" --quarter 2027-Q2
vg 0 roadmap add "VG initiative" --level initiative --parent "$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM roadmap_items")" --quarter "Q1 2027"
vg 0 roadmap add "VG release" --level release --parent "$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM roadmap_items")" --launch valgrind-launch --quarter 2027Q1
vg 0 roadmap
vg 0 roadmap --json --quarter 2027Q1
vg 0 roadmap show "$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM roadmap_items")" --json
vg 0 roadmap set "$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM roadmap_items")" --status yellow --launch none
vg 2 roadmap add "VG bad" --level release --parent "$(sqlite3 "$TMINUS_DB" "SELECT min(id) FROM roadmap_items WHERE level = 'strategic'")"
vg 2 roadmap add "VG bad" --level release --quarter 2027Q5
vg 3 roadmap add "VG bad" --level release --launch no-such-launch
vg 4 roadmap rm "$(sqlite3 "$TMINUS_DB" "SELECT min(id) FROM roadmap_items WHERE level = 'initiative'")"
vg 0 roadmap rm "$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM roadmap_items")"
vg 0 roadmap review --notes "valgrind"
vg 0 check --all --rule roadmap-review-due --today 2027-06-30
vg 0 check --all --json --rule roadmap-review-due

# Issue 14: the cadence's agendas and the recurring meetings as iCalendar.
vg 0 agenda
vg 0 agenda standup
vg 0 agenda weekly --json
vg 0 agenda monthly
vg 0 agenda quarterly --date 2026-12-01
vg 0 agenda --ics
vg 0 agenda weekly --ics
vg 2 agenda yearly
vg 2 agenda weekly --date 2026-02-30

# Issue 15: the outbox's sending. Nothing listens on port 9 of loopback: the email (its MIME built) and the
# allowed webhook call fail to connect and wait for a retry; the other webhook is refused (loopback).
now=2027-01-04T08:00:00Z
sqlite3 "$TMINUS_DB" "INSERT INTO webhooks(id, url, events, format, secret, allow_private) VALUES
  (901, 'http://127.0.0.1:9/hook', 'webhook.test', 'json', 'secret', 1),
  (902, 'http://localhost:9/hook', 'webhook.test', 'json', 'secret', 0);
INSERT INTO outbox(id, channel, event, event_key, recipient, webhook_id, subject, body, html, next_at, created_at) VALUES
  (901, 'email', 'digest.daily', 'vg:1', 'ana@example.com', NULL, 'Your day — Monday', 'Two tasks
are due', '<p>Two tasks</p>', '$now', '$now'),
  (902, 'webhook', 'webhook.test', 'vg:2', 'webhook:901', 901, '', '{\"a\":1}', '', '$now', '$now'),
  (903, 'webhook', 'webhook.test', 'vg:3', 'webhook:902', 902, '', '{\"a\":2}', '', '$now', '$now');"
TMINUS_NOW=$now vg 0 notify run --send-only --smtp smtp://127.0.0.1:9
TMINUS_NOW=$now vg 0 notify log
vg 0 notify log --json --status failed --channel webhook --webhook 902 --limit 5
vg 2 notify log --status lost
vg 2 notify log --channel pigeon

# Issue 15: export. A launch in each format, the workspace whole and read back into a new workspace, and
# refusals: a malformed document (JSON syntax; a row of another length), a workspace that is not empty.
for format in csv json ics md; do
  vg 0 export usage-based-billing --format "$format"
done
vg 0 export usage-based-billing --format csv --output "$dir/launch.csv" --json
vg 0 export --all --format json --output "$dir/ws.json"
TMINUS_DB=$dir/imported.db vg 0 import workspace "$dir/ws.json"
vg 4 import workspace "$dir/ws.json"
printf '{"tminus": "workspace",\n "format": 1 1}' >"$dir/broken.json"
TMINUS_DB=$dir/other.db vg 2 import workspace "$dir/broken.json"
sed '0,/^        \["1", /s//        ["1", "extra", /' "$dir/ws.json" >"$dir/ragged.json"
TMINUS_DB=$dir/other.db vg 2 import workspace "$dir/ragged.json"
vg 2 export usage-based-billing --format xlsx
vg 3 export no-such-launch --format csv
vg 2 export --all --format csv

# Issue 15: import. Each tool's sample (dependencies, a subtask, people not here, a cycle), a dry run, a
# re-import in place, the generic CSV from standard input, and refusals (a bad row, a ragged row, binary,
# an unknown launch, a bad --map).
samples=$(cd "$(dirname "$0")/cli/import" && pwd)
vg 0 import asana "$samples/asana.csv" --launch usage-based-billing --dry-run
vg 0 import asana "$samples/asana.csv" --launch usage-based-billing --create-people
vg 0 import asana "$samples/asana.csv" --launch usage-based-billing --json
vg 0 import jira "$samples/jira.csv" --launch usage-based-billing --as-offsets
vg 0 import linear "$samples/linear.csv" --launch usage-based-billing --json --dry-run
printf 'Task Name,due,depends_on\nA,T-2w,\nB,2027-02-01,A\n' >"$dir/generic.csv"
valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$TMINUS" import csv - \
  --launch usage-based-billing --map 'Task Name=title' <"$dir/generic.csv" >/dev/null 2>&1 &&
  echo "ok: tminus import csv - (stdin)" || { echo "FAIL: tminus import csv - (stdin)"; fails=$((fails + 1)); }
printf 'title,due\nA,2027-02-30\n' >"$dir/baddate.csv"
vg 2 import csv "$dir/baddate.csv" --launch usage-based-billing
printf 'title,due\nA\n' >"$dir/ragged.csv"
vg 2 import csv "$dir/ragged.csv" --launch usage-based-billing
printf 'title\nA\000B\n' >"$dir/binary.csv"
vg 2 import csv "$dir/binary.csv" --launch usage-based-billing
vg 3 import csv "$dir/baddate.csv" --launch no-such-launch
vg 2 import csv "$dir/baddate.csv" --launch usage-based-billing --map 'x=nothing'

# Issue 15: who is told what. A person's choice, watchers, a webhook (loopback port 9: nothing listens, so its
# test and its calls fail and wait for a retry), the pass on a Monday (digests, summaries, events), on a
# Saturday (nothing), as a dry run, and launch.date_changed recorded by a delay.
vg 0 person set "Dev Patel" --notify weekly
vg 2 person set "Dev Patel" --notify hourly
vg 0 launch watch usage-based-billing "Ben Okafor"
vg 0 launch unwatch usage-based-billing "Ben Okafor" --json
vg 3 launch watch usage-based-billing Nobody
vg 0 webhook add http://127.0.0.1:9/vg --events gonogo.due,launch.day,launch.date_changed --format slack --allow-private
vg 0 webhook add http://127.0.0.1:9/vg2 --events check.error,milestone.reached,review.due --json --allow-private
vg 0 webhook list
vg 0 webhook list --json
vg 2 webhook add https://x.example --events launch.party
vg 2 webhook add ftp://x.example --events launch.day
vg 0 notify run --dry-run --json --today 2026-11-23
TMINUS_NOW=2026-11-23T08:00:00Z vg 0 notify run --today 2026-11-23
vg 0 notify run --today 2026-11-28
vg 0 launch delay slack-integration --to 2026-12-16 --reason "valgrind moves it"
hook=$(sqlite3 "$TMINUS_DB" "SELECT max(id) FROM webhooks")
vg 1 webhook test "$hook"
vg 0 webhook rm "$hook"
vg 3 webhook rm "$hook"

echo "valgrind: $fails failing command(s)"
[[ $fails -eq 0 ]]
