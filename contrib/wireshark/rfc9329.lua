--
-- Copyright (C) 2026 strongswan-mguard authors
--
-- This program is free software; you can redistribute it and/or modify it
-- under the terms of the GNU General Public License as published by the
-- Free Software Foundation; either version 2 of the License, or (at your
-- option) any later version.
--
-- rfc9329.lua: a Wireshark/tshark dissector for TCP encapsulation of IKE
-- and IPsec packets (RFC 9329) as strongswan-mguard's mguard-tcp sends it
-- (Wireshark's own "tcpencap" reads Cisco's format, not this one):
--
--   - the 6-byte "IKETCP" prefix, once, from the side that opened the stream
--   - then frames: a 16-bit big-endian length that counts itself, followed
--     by an IKE message behind the 4-byte non-ESP marker (four zero bytes)
--     or by an ESP packet (its SPI first, never 0)
--   - IKE messages go to Wireshark's ISAKMP dissector, ESP packets to ESP
--   - the mGuard server ID: a private-use IKEv2 status Notify (type 41000,
--     one byte of data, 0..63) in the IKE_SA_INIT request; none means 0
--
-- Load it with `tshark -X lua_script:rfc9329.lua` or copy it to the
-- personal plugin folder (~/.local/lib/wireshark/plugins/); doc/wireshark.md
-- has the details. Default TCP port 8080, preference rfc9329.tcp_port, and
-- "Decode As... RFC9329" for any other port.
--

local NAME = "rfc9329"
local DEFAULT_PORT = 8080

local PREFIX = "IKETCP"
local PREFIX_LEN = 6
local LENGTH_LEN = 2
local FRAME_MIN = 6            -- the length field and a marker or an SPI
local MARKER_LEN = 4

-- RFC 7296 3.1 - 3.3, 3.10
local IKE_HEADER_LEN = 28
local IKE_VERSION_2 = 0x20
local IKE_SA_INIT = 34
local PAYLOAD_NOTIFY = 41
local PAYLOAD_HEADER_LEN = 4
local NOTIFY_HEADER_LEN = 8

-- plugins/tcp/mguard_tcp_server_id.h
local SERVER_ID_NOTIFY = 41000
local SERVER_ID_MAX = 63

local proto = Proto(NAME, "TCP Encapsulation of IKE and IPsec (RFC 9329)")

local f = {
	prefix = ProtoField.string(NAME .. ".prefix", "Stream prefix"),
	length = ProtoField.uint16(NAME .. ".length", "Length", base.DEC, nil, nil,
		"Frame length, this field included"),
	type = ProtoField.string(NAME .. ".type", "Type",
		"IKE (behind the non-ESP marker) or ESP"),
	marker = ProtoField.uint32(NAME .. ".non_esp_marker", "Non-ESP marker",
		base.HEX),
	spi = ProtoField.uint32(NAME .. ".esp.spi", "ESP SPI", base.HEX),
	server_id = ProtoField.uint8(NAME .. ".server_id", "mGuard server ID",
		base.DEC, nil, nil,
		"Maintenance center the initiator asks for (0 without the notify)"),
	notify = ProtoField.none(NAME .. ".server_id_notify",
		"mGuard server ID notify (type 41000)"),
}
proto.fields = { f.prefix, f.length, f.type, f.marker, f.spi, f.server_id,
	f.notify }

local e = {
	short = ProtoExpert.new(NAME .. ".length.short",
		"Frame length below 6: the stream is broken",
		expert.group.MALFORMED, expert.severity.ERROR),
	no_prefix = ProtoExpert.new(NAME .. ".prefix.missing",
		"The stream's opener did not send the IKETCP prefix",
		expert.group.PROTOCOL, expert.severity.WARN),
	server_id = ProtoExpert.new(NAME .. ".server_id.invalid",
		"Invalid mGuard server ID notify (one byte of data, 0..63)",
		expert.group.MALFORMED, expert.severity.ERROR),
	truncated = ProtoExpert.new(NAME .. ".ike.truncated",
		"IKE message shorter than its header",
		expert.group.MALFORMED, expert.severity.ERROR),
}
proto.experts = { e.short, e.no_prefix, e.server_id, e.truncated }

proto.prefs.tcp_port = Pref.uint("TCP port", DEFAULT_PORT,
	"TCP port of RFC 9329 streams (mGuard default 8080; 0: none)")

local isakmp = Dissector.get("isakmp")
local esp = Dissector.get("esp")

-- per direction of a stream ("src:port>dst:port"): the frame number of its
-- first segment with data (frames are dissected in order first, then again
-- in any order; field extractors such as tcp.seq are no help, Wireshark
-- dissects without a tree for its packet list); whether that segment held
-- a part of the prefix only; whether the opener sent no prefix and its
-- first frame was reassembled (TCP drops what we add to a segment we ask
-- to reassemble: the warning goes to the frame where the first frame is
-- complete, its number here)
local first_seen = {}
local prefix_pending = {}
local prefix_missing = {}

local function direction(pinfo)
	return string.format("%s:%d>%s:%d", tostring(pinfo.src), pinfo.src_port,
		tostring(pinfo.dst), pinfo.dst_port)
end

-- whether this direction goes from the side that opened the stream to the
-- port the stream was matched on (port table or Decode As)
local function from_opener(pinfo)
	return pinfo.match_uint ~= 0 and pinfo.dst_port == pinfo.match_uint and
		pinfo.src_port ~= pinfo.match_uint
end

-- whether offset in tvb is the first byte of this direction of the stream;
-- TCP calls with the segment's payload, with a reassembled PDU (a tvb of its
-- own, at offset 0) or with the rest of a segment after a reassembled PDU
-- (never in the direction's first segment with data)
local function at_start(tvb, pinfo, offset, dir)
	if offset ~= 0 then
		return false
	end
	if tvb:offset() == 0 then
		-- the prefix, if we asked for its reassembly
		return prefix_pending[dir] ~= nil and tvb:reported_len() == PREFIX_LEN
	end
	if first_seen[dir] == nil then
		first_seen[dir] = pinfo.number
	end
	return first_seen[dir] == pinfo.number
end

-- the mGuard server ID of an IKE_SA_INIT request: walk the payload chain
-- (plugins/tcp/mguard_tcp_server_id.c does the same for the responder)
local function server_id(ike, tree)
	local len = ike:len()
	if len < IKE_HEADER_LEN then
		return
	end
	local flags = ike(19, 1):uint()
	local initiator = math.floor(flags / 8) % 2 == 1
	local response = math.floor(flags / 32) % 2 == 1
	if ike(17, 1):uint() ~= IKE_VERSION_2 or
		ike(18, 1):uint() ~= IKE_SA_INIT or not initiator or response or
		ike(20, 4):uint() ~= 0 then
		return
	end
	len = math.min(len, ike(24, 4):uint())
	local next_payload = ike(16, 1):uint()
	local off = IKE_HEADER_LEN
	while next_payload ~= 0 and off + PAYLOAD_HEADER_LEN <= len do
		local plen = ike(off + 2, 2):uint()
		if plen < PAYLOAD_HEADER_LEN or off + plen > len then
			break   -- ISAKMP shows what is wrong with it
		end
		if next_payload == PAYLOAD_NOTIFY and plen >= NOTIFY_HEADER_LEN and
			ike(off + 6, 2):uint() == SERVER_ID_NOTIFY then
			local spi_size = ike(off + 5, 1):uint()
			local item = tree:add(f.notify, ike(off, plen))
			local data = off + NOTIFY_HEADER_LEN + spi_size
			if plen ~= NOTIFY_HEADER_LEN + spi_size + 1 then
				item:add_proto_expert_info(e.server_id,
					string.format("mGuard server ID notify of %d bytes", plen))
				return
			end
			local id = ike(data, 1):uint()
			item:add(f.server_id, ike(data, 1))
			if id > SERVER_ID_MAX then
				item:add_proto_expert_info(e.server_id,
					string.format("mGuard server ID %d above %d", id,
						SERVER_ID_MAX))
			end
			return id
		end
		next_payload = ike(off, 1):uint()
		off = off + plen
	end
	tree:add(f.server_id, 0):set_generated()
	return 0
end

local function no_prefix(tvb, root)
	root:add(proto, tvb(0, 0)):add_proto_expert_info(e.no_prefix)
end

-- a malformed IKE message or ESP packet: Wireshark marks it in the tree
-- (the error is raised again to Lua), the segment's other frames follow
local function subdissect(dissector, tvb, pinfo, root)
	pcall(Dissector.call, dissector, tvb, pinfo, root)
end

-- one frame: the length field and an IKE message or an ESP packet
local function dissect_frame(tvb, pinfo, root)
	local len = tvb:len()
	local tree = root:add(proto, tvb())
	tree:add(f.length, tvb(0, LENGTH_LEN))
	local payload = tvb(LENGTH_LEN):tvb()
	if payload(0, MARKER_LEN):uint() == 0 then
		tree:add(f.type, payload(0, MARKER_LEN), "IKE")
		tree:add(f.marker, payload(0, MARKER_LEN))
		tree:append_text(string.format(", IKE, length %d", len))
		local ike = payload(MARKER_LEN):tvb()
		if ike:len() < IKE_HEADER_LEN then
			tree:add_proto_expert_info(e.truncated, string.format(
				"IKE message of %d bytes, its header has %d", ike:len(),
				IKE_HEADER_LEN))
			pinfo.cols.info:append("IKE message too short")
			return
		end
		local id = server_id(ike, tree)
		if id ~= nil then
			tree:append_text(string.format(", server ID %d", id))
		end
		subdissect(isakmp, ike, pinfo, root)
	else
		local spi = payload(0, 4):uint()
		tree:add(f.type, payload(0, 4), "ESP")
		tree:add(f.spi, payload(0, 4))
		tree:append_text(string.format(", ESP, length %d, SPI 0x%08x",
			len, spi))
		subdissect(esp, payload, pinfo, root)
	end
	pinfo.cols.protocol:set("RFC9329")
end

-- keep what earlier PDUs of the segment put in the Info column
local function info_next(pinfo, count)
	if count > 0 then
		pinfo.cols.info:append(", ")
		pinfo.cols.info:fence()
	end
end

function proto.dissector(tvb, pinfo, root)
	local total = tvb:len()
	local offset = 0
	local dir = direction(pinfo)
	-- TCP calls again for the rest of a segment after a reassembled PDU:
	-- then the Info column already has that PDU
	local count = tostring(pinfo.cols.protocol) == "RFC9329" and 1 or 0

	pinfo.cols.protocol:set("RFC9329")
	while offset < total do
		local rest = total - offset
		if at_start(tvb, pinfo, offset, dir) then
			local n = math.min(rest, PREFIX_LEN)
			if tvb(0, n):string() == PREFIX:sub(1, n) then
				if n < PREFIX_LEN then
					prefix_pending[dir] = pinfo.number
					pinfo.desegment_offset = 0
					pinfo.desegment_len = PREFIX_LEN - n
					return total
				end
				local tree = root:add(proto, tvb(0, PREFIX_LEN))
				tree:add(f.prefix, tvb(0, PREFIX_LEN))
				tree:append_text(", prefix " .. PREFIX)
				pinfo.cols.info:set("IKETCP prefix")
				count = 1
				offset = PREFIX_LEN
				goto continue
			end
			if from_opener(pinfo) then
				if rest >= LENGTH_LEN and tvb(0, LENGTH_LEN):uint() <= rest then
					no_prefix(tvb, root)
				else
					prefix_missing[dir] = true
				end
			end
		elseif offset == 0 and tvb:offset() == 0 and prefix_missing[dir] then
			-- a reassembled PDU: the first one after a missing prefix?
			if prefix_missing[dir] == true then
				prefix_missing[dir] = pinfo.number
			end
			if prefix_missing[dir] == pinfo.number then
				no_prefix(tvb, root)
			end
		end
		if rest < LENGTH_LEN then
			pinfo.desegment_offset = offset
			pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
			return total
		end
		do
			local len = tvb(offset, LENGTH_LEN):uint()
			if len < FRAME_MIN then
				local tree = root:add(proto, tvb(offset))
				tree:add(f.length, tvb(offset, LENGTH_LEN))
				tree:add_proto_expert_info(e.short, string.format(
					"Frame length %d below %d: the stream is broken",
					len, FRAME_MIN))
				return total
			end
			if rest < len then
				pinfo.desegment_offset = offset
				pinfo.desegment_len = len - rest
				return total
			end
			info_next(pinfo, count)
			dissect_frame(tvb(offset, len):tvb(), pinfo, root)
			count = count + 1
			offset = offset + len
		end
		::continue::
	end
	return total
end

local tcp_port = DissectorTable.get("tcp.port")
local registered = 0
local previous = nil

-- the port of the preference; done when a capture starts (init), so that
-- tshark's -d (Decode As), applied before the preferences, is not undone;
-- whatever had the port before (HTTP has 8080) gets it back when the
-- preference moves
local function register_port()
	local port = proto.prefs.tcp_port
	if port == registered then
		return
	end
	if registered ~= 0 then
		if previous ~= nil then
			tcp_port:add(registered, previous)
		else
			tcp_port:remove(registered, proto)
		end
	end
	previous = nil
	if port ~= 0 then
		previous = tcp_port:get_dissector(port)
		tcp_port:add(port, proto)
	end
	registered = port
end

function proto.init()
	first_seen = {}
	prefix_pending = {}
	prefix_missing = {}
	register_port()
end

tcp_port:add_for_decode_as(proto)
