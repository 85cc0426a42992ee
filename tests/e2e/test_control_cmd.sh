#!/bin/bash
# mguard-control: CMD contacts from file: sources (a file and a FIFO) as
# switches and as a pushbutton, inverted logic on one switch, the level
# winning over the initial mode (topology, models and helpers:
# control_lib.sh; GPIO and evdev contacts cannot be made on this kernel,
# tests/unit/test_control_contact.c covers them with the calls faked)
. "$(dirname "$0")/control_lib.sh"

model=$(gw_dir moon)/vpn.conf
cmd1=$(gw_dir moon)/cmd1
cmd2=$(gw_dir moon)/cmd2
# fifo LINES...: write lines to the CMD 2 FIFO (charon holds it open)
fifo() { timeout 5 sh -c 'printf "%s\n" "$@" > "$0"' "$cmd2" "$@"; }
# edit SED-SCRIPT: change moon's model, then reload it
edit() {
	sed -i "$1" "$model"
	[ "$(vpn moon reload)" = ok ]
}
# as_level NAME N: NAME was started by the level of CMD N in force when its
# initial mode applied (not by a change of the contact)
as_level() { log_has moon "'$1' started by CMD $2 \\(its level\\)"; }
# bonn and kiel: the conn sections of the two connections
in_bonn() { printf '/^    bonn {/,/^    }/%s' "$1"; }
in_kiel() { printf '/^    kiel {/,/^    }/%s' "$1"; }

# --- a file and a FIFO as switches -------------------------------------------
check "Kiel (CMD 1, no level yet) is void" is_status Kiel void
echo 1 > "$cmd1"
check "CMD 1 on starts Kiel" wait_until -t 5 is_status Kiel ready
echo 0 > "$cmd1"
check "CMD 1 off stops Kiel" wait_until -t 5 is_status Kiel void
check "the switch is logged" log_has moon "'Kiel' stopped by CMD 1"
check "Bonn (CMD 2, inverted) is void" is_status Bonn void
fifo 0 || true
check "CMD 2 off starts the inverted Bonn" wait_until -t 5 is_status Bonn ready
fifo 1 || true
check "CMD 2 on stops the inverted Bonn" wait_until -t 5 is_status Bonn void

# --- one switch, two connections, one of them inverted -----------------------
# Bonn moves to CMD 1 (off): a changed connection sees the level in force,
# which wins over its initial mode (stopped), as at charon start
check "Bonn moves to CMD 1" edit "$(in_bonn 's/service_input = cmd2/service_input = cmd1/')"
check "the level of CMD 1 (off) starts the inverted Bonn at once" \
	wait_until -t 5 is_status Bonn ready
check "that start is logged as the level's" as_level Bonn 1
echo 1 > "$cmd1"
check "CMD 1 on starts Kiel" wait_until -t 5 is_status Kiel ready
check "and stops the inverted Bonn" wait_until -t 5 is_status Bonn void
echo 0 > "$cmd1"
check "CMD 1 off stops Kiel" wait_until -t 5 is_status Kiel void
check "and starts the inverted Bonn" wait_until -t 5 is_status Bonn ready

# --- pushbutton: each press toggles ------------------------------------------
# Kiel moves to the FIFO (CMD 2), the inputs become pushbuttons: the level
# is no press, Kiel's initial mode (stopped) applies
check "pushbutton mode, Kiel on CMD 2" edit \
	"s/mode = switch/mode = pushbutton/; $(in_kiel 's/service_input = cmd1/service_input = cmd2/')"
check "Kiel stays void (its initial mode) without a press" \
	holds_for 2 is_status Kiel void
fifo 1 0 || true
check "a press starts Kiel" wait_until -t 5 is_status Kiel ready
check "the toggle is logged" log_has moon "'Kiel' started by CMD 2"
fifo 1 || true
check "the next press (held) stops Kiel" wait_until -t 5 is_status Kiel void
fifo 0 || true
check "the release changes nothing" holds_for 2 is_status Kiel void
fifo 1 0 1 0 || true
fifo 1 0 || true
check "three presses toggle it once more" wait_until -t 5 is_status Kiel ready
check "Bonn (CMD 1, unchanged) kept its mode" is_status Bonn ready

finish
