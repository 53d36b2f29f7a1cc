#!/bin/sh
# Usage: nightly-report.sh JOURNAL [MAILTO]
# The day's report and equity picture from a journal, for cron. Quiet on success unless a
# recipient is given (then the report is mailed with mail(1)); errors go to stderr, which cron
# mails to the crontab's owner. A crontab line for 16:00 IST on weekdays (the machine in IST):
#
#   0 16 * * 1-5  PATH=/usr/local/bin:/usr/bin:/bin  /path/to/nightly-report.sh /var/lib/sos/live.db you@example.com
#
set -eu
db=${1:?usage: nightly-report.sh JOURNAL [MAILTO]}
to=${2:-}
day=${SOS_REPORT_DAY:-$(TZ=Asia/Kolkata date +%Y-%m-%d)}  # SOS_REPORT_DAY=2024-01-08 for another day
dir=${SOS_REPORT_DIR:-$(dirname "$db")/reports}
mkdir -p "$dir"
sos-journal report --db "$db" --from "$day" --to "$day" > "$dir/$day.txt"
sos-journal plot --db "$db" --out "$dir/$day.png"
if [ -n "$to" ]; then
    mail -s "sos report $day" "$to" < "$dir/$day.txt"
fi
