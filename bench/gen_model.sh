#!/bin/sh
# Generate an mGuard model with N connections for bench/translate.sh:
# every connection has two tunnels (one with protocol and port); every
# tenth uses X.509 with a CA and a subject filter, the others PSK; every
# fifth waits for %any-free peers, every seventh starts on traffic.
#
# Usage: gen_model.sh N CERTDIR > model.conf
n=${1:?usage: gen_model.sh N CERTDIR}
certs=${2:?usage: gen_model.sh N CERTDIR}
awk -v n="$n" -v certs="$certs" 'BEGIN {
	print "global {\n    license {\n        peers = 0\n    }\n}\n"
	print "connections {"
	for (i = 0; i < n; i++) {
		a = int(i / 250) % 256; b = i % 250
		printf "    site%05d {\n", i
		printf "        name = Site %d\n", i
		printf "        gateway = 198.51.%d.%d\n", int(i / 250) % 100, b + 1
		if (i % 5 == 0)
			print "        startup = wait"
		else if (i % 7 == 0)
			print "        startup = on_traffic\n        deactivation_timeout = 10:00"
		print "        tunnels {"
		printf "            lan {\n                local = 10.0.0.0/16\n"
		printf "                remote = 10.%d.%d.0/24\n            }\n", 100 + int(a / 2), b
		printf "            web {\n                local = 10.0.1.0/24\n"
		printf "                remote = 172.%d.%d.0/24\n", 16 + a % 16, b
		printf "                protocol = tcp\n                remote_port = 443\n            }\n"
		print "        }"
		print "        authentication {"
		if (i % 10 == 0) {
			print "            method = x509"
			printf "            local_certificate = %s/hq.crt\n", certs
			printf "            local_key = %s/hq.key\n", certs
			printf "            remote_ca = %s/ca.crt\n", certs
			printf "            remote_id = \"CN=site%05d.example.com, O=Smith and Co., C=US\"\n", i
		} else {
			print "            method = psk"
			printf "            psk = \"bench-secret-%05d-0123456789\"\n", i
		}
		print "        }"
		print "        ike {\n            ike_lifetime = 4h\n        }"
		print "    }"
	}
	print "}"
}'
