# MGUARD_STRONGSWAN_SOURCE
# ------------------------
# Finds the strongSwan source tree given with --with-strongswan-source and
# checks that its config.h belongs to the installed charon: same version,
# mediation (ME) enabled and glibc printf hooks, as Debian builds it. A
# mismatch changes struct layouts inside charon and corrupts memory
# silently, so it is a hard error here.
AC_DEFUN([MGUARD_STRONGSWAN_SOURCE],
[
	AC_ARG_WITH([strongswan-source],
		AS_HELP_STRING([--with-strongswan-source=DIR],
			[configured strongSwan source tree matching the installed charon
			 (prepared by scripts/prepare-strongswan-source)]),
		[strongswan_source="$withval"], [strongswan_source=])
	AC_ARG_WITH([strongswan-libdir],
		AS_HELP_STRING([--with-strongswan-libdir=DIR],
			[where libstrongswan and libcharon are installed @<:@/usr/lib/ipsec@:>@]),
		[strongswan_libdir="$withval"], [strongswan_libdir=/usr/lib/ipsec])

	AC_MSG_CHECKING([for the installed libstrongswan])
	AS_IF([test -r "$strongswan_libdir/libstrongswan.so.0"], [],
		[AC_MSG_ERROR([no libstrongswan in $strongswan_libdir: install strongswan-charon (Debian) or pass --with-strongswan-libdir])])
	strongswan_installed=`dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null`
	strongswan_installed_upstream=`echo "$strongswan_installed" | sed 's/^[[0-9]]*://; s/-.*//'`
	AS_IF([test -z "$strongswan_installed_upstream"],
		[AC_MSG_ERROR([cannot tell the version of the installed libstrongswan (dpkg-query -W libstrongswan found nothing)])])
	AC_MSG_RESULT([$strongswan_installed_upstream])
	AS_IF([test -z "$strongswan_source"],
		[strongswan_source=/var/cache/strongswan-mguard/strongswan-$strongswan_installed_upstream])

	AC_MSG_CHECKING([for a configured strongSwan source tree])
	AS_IF([test -r "$strongswan_source/config.h" -a -d "$strongswan_source/src/libcharon"], [],
		[AC_MSG_ERROR([$strongswan_source is not a configured strongSwan source tree; run scripts/prepare-strongswan-source and pass --with-strongswan-source=DIR])])
	strongswan_source=`cd "$strongswan_source" && pwd`
	AC_MSG_RESULT([$strongswan_source])

	AC_MSG_CHECKING([whether the source tree matches the installed version])
	strongswan_source_version=`sed -n 's/^#define VERSION "\(.*\)"/\1/p' "$strongswan_source/config.h"`
	AS_IF([test "x$strongswan_source_version" = "x$strongswan_installed_upstream"],
		[AC_MSG_RESULT([yes ($strongswan_source_version)])],
		[AC_MSG_RESULT([no])
		 AC_MSG_ERROR([source tree $strongswan_source is strongSwan $strongswan_source_version but the installed libstrongswan is $strongswan_installed_upstream; prepare a matching tree with scripts/prepare-strongswan-source])])

	AC_MSG_CHECKING([whether config.h matches Debian's charon (ME, printf hooks)])
	AS_IF([grep -q '^#define ME ' "$strongswan_source/config.h" &&
		   grep -q '^#define HAVE_PRINTF_SPECIFIER ' "$strongswan_source/config.h" &&
		   ! grep -q '^#define USE_BUILTIN_PRINTF ' "$strongswan_source/config.h" &&
		   ! grep -q '^#define USE_VSTR ' "$strongswan_source/config.h"],
		[AC_MSG_RESULT([yes])],
		[AC_MSG_RESULT([no])
		 AC_MSG_ERROR([$strongswan_source/config.h lacks ME or HAVE_PRINTF_SPECIFIER, or uses builtin printf/Vstr: charon's structures would not match; configure the tree as scripts/prepare-strongswan-source does])])

	dnl mguard-control's libipsec acquire shim reacts to one log message of
	dnl libipsec (there is no hook): the tree must log exactly that text
	AC_MSG_CHECKING([whether libipsec logs the message of mguard-control's acquire shim])
	mguard_no_sa=`sed -n 's/^#define MGUARD_ACQUIRE_NO_SA_PREFIX "\(.*\)"$/\1/p' "$srcdir/plugins/control/mguard_control_acquire_msg.h"`
	AS_IF([test -n "$mguard_no_sa" &&
		   cat "$strongswan_source"/src/libipsec/*.c 2>/dev/null |
		   grep -qF "\"$mguard_no_sa%u}"],
		[AC_MSG_RESULT([yes])],
		[AC_MSG_RESULT([no])
		 AC_MSG_ERROR([$strongswan_source/src/libipsec does not log "${mguard_no_sa}%u}": mguard-control's libipsec acquire shim (plugins/control/mguard_control_acquire.c) would never see a dropped packet; adapt MGUARD_ACQUIRE_NO_SA_PREFIX in plugins/control/mguard_control_acquire_msg.h to the tree's ipsec_processor.c])])

	STRONGSWAN_CPPFLAGS="-D_GNU_SOURCE= -include $strongswan_source/config.h -I$strongswan_source/src/libstrongswan -I$strongswan_source/src/libcharon"
	STRONGSWAN_LIBS="-L$strongswan_libdir -Wl,-rpath,$strongswan_libdir -lstrongswan"
	CHARON_LIBS="-L$strongswan_libdir -Wl,-rpath,$strongswan_libdir -lcharon -lstrongswan"
	VICI_CPPFLAGS="-I$strongswan_source/src/libcharon/plugins/vici"
	VICI_LIBS="-L$strongswan_libdir -Wl,-rpath,$strongswan_libdir -lvici"
	AC_SUBST([STRONGSWAN_SOURCE], [$strongswan_source])
	AC_SUBST([STRONGSWAN_CPPFLAGS])
	AC_SUBST([STRONGSWAN_LIBS])
	AC_SUBST([CHARON_LIBS])
	AC_SUBST([VICI_CPPFLAGS])
	AC_SUBST([VICI_LIBS])
])
