#!/bin/bash
# mguard-control: CMD contacts: a file and a FIFO as switches
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# --- CMD contacts: a file and a FIFO as switches -----------------------------
check "Kiel (CMD 1, no level yet) is void" is_status Kiel void
echo 1 > "$(gw_dir moon)/cmd1"
check "CMD 1 on starts Kiel" wait_until -t 5 is_status Kiel ready
echo 0 > "$(gw_dir moon)/cmd1"
check "CMD 1 off stops Kiel" wait_until -t 5 is_status Kiel void
check "the switch is logged" log_has moon "'Kiel' stopped by CMD 1"
check "Bonn (CMD 2, inverted) is void" is_status Bonn void
timeout 5 sh -c "echo 0 > '$(gw_dir moon)/cmd2'" || true
check "CMD 2 off starts the inverted Bonn" wait_until -t 5 is_status Bonn ready
timeout 5 sh -c "echo 1 > '$(gw_dir moon)/cmd2'" || true
check "CMD 2 on stops the inverted Bonn" wait_until -t 5 is_status Bonn void

finish
