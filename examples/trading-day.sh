#!/bin/sh
# Usage: trading-day.sh [DATE]
# Is DATE (default: today in India) a trading day on the NSE calendar? Exit 0 if it is, 1 if
# not (a holiday, or a weekend without a special session), saying why on standard output;
# 255 if it cannot tell (the calendar cannot be read): under ExecCondition= that fails the
# unit, where any other status would skip the day quietly. The calendar is $SOS_CALENDAR, else data/nse-calendar.txt
# beside this folder: the file every sos tool reads (man sos-feed, CALENDAR). The daily units
# run it as ExecCondition= (a holiday skips the day's start, no failure); the crontab puts it
# first with &&.
set -u
here=$(dirname "$0")
day=${1:-$(TZ=Asia/Kolkata date +%Y-%m-%d)}
calendar=${SOS_CALENDAR:-$here/../data/nse-calendar.txt}
[ -r "$calendar" ] || { echo "trading-day.sh: cannot read the calendar $calendar" >&2; exit 255; }
weekday=$(date -d "$day" +%u 2> /dev/null) || { echo "trading-day.sh: '$day' is not a date (YYYY-MM-DD)" >&2; exit 64; }
awk -v day="$day" -v weekday="$weekday" '
    $1 == day && $2 == "holiday" { $1 = $2 = ""; sub(/^ +/, ""); why = "a holiday (" $0 ")" }
    $1 == day && $2 == "session" { session = 1 }
    END {
        if (why == "" && weekday >= 6 && !session) why = "a weekend without a session"
        if (why != "") { print day " is not a trading day: " why; exit 1 }
        print day " is a trading day"
    }' "$calendar"
