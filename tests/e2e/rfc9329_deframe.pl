#!/usr/bin/perl
# A deframer for RFC 9329 streams, written for the tests from the RFC alone
# (it shares nothing with the plugin): reads the output of
#   tshark -r CAPTURE -q -z follow,tcp,raw,N
# (payload hex per segment; lines indented by a tab come from the second
# node) and prints, per direction, what it finds:
#   dir 0 prefix                    the 6-byte "IKETCP" opener prefix
#   dir D ike EXCHANGE LENGTH        an IKE message (after the non-ESP marker)
#   dir D esp SPI LENGTH             an ESP packet (SPI as 8 hex digits)
#   dir D error TEXT                 a framing error (the stream is invalid)
#   dir D rest N                     N bytes of an incomplete last frame
# Exit status 0 if both directions deframed without error.
use strict;
use warnings;

my @hex = ('', '');
while (my $line = <STDIN>) {
	chomp $line;
	next unless $line =~ /^(\t?)([0-9a-f]+)$/;
	$hex[$1 eq '' ? 0 : 1] .= $2;
}
my $ok = 1;
for my $dir (0, 1) {
	my $data = pack('H*', $hex[$dir]);
	my $off = 0;
	if ($dir == 0) {
		if (substr($data, 0, 6) ne 'IKETCP') {
			print "dir 0 error no IKETCP prefix\n";
			$ok = 0;
			next;
		}
		print "dir 0 prefix\n";
		$off = 6;
	}
	while ($off + 2 <= length($data)) {
		# RFC 9329 3: 16-bit length, counting itself
		my $len = unpack('n', substr($data, $off, 2));
		if ($len < 6) {
			print "dir $dir error length $len\n";
			$ok = 0;
			last;
		}
		last if $off + $len > length($data);
		my $msg = substr($data, $off + 2, $len - 2);
		if (substr($msg, 0, 4) eq "\0\0\0\0") {
			# non-ESP marker, then the IKE header (RFC 7296 3.1):
			# exchange type at octet 18
			my $exchange = length($msg) >= 4 + 28 ?
				unpack('C', substr($msg, 4 + 18, 1)) : -1;
			print "dir $dir ike $exchange ", $len - 6, "\n";
		} else {
			printf "dir %d esp %08x %d\n", $dir,
				unpack('N', substr($msg, 0, 4)), $len - 2;
		}
		$off += $len;
	}
	my $rest = length($data) - $off;
	print "dir $dir rest $rest\n" if $rest;
}
exit($ok ? 0 : 1);
