#!/usr/bin/python3
"""A fake ModemManager for test_sms_modem.sh, on the bus given as argv[1].

It owns org.freedesktop.ModemManager1 and offers what mguard-sms uses of the
real one: the ObjectManager at /org/freedesktop/ModemManager1 with one modem,
the modem's org.freedesktop.ModemManager1.Modem.Messaging (List, Delete, the
Added signal) and org.freedesktop.ModemManager1.Sms objects with their
properties (State, PduType, Text, Number). The test drives it through
org.strongswan.mguard.FakeModem on the modem: Receive(text, number) makes a
received message and emits Added, Store(text, number) a sent one (which must
be left alone), Count() tells how many messages the modem holds.
"""

import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

MM = "org.freedesktop.ModemManager1"
MM_PATH = "/org/freedesktop/ModemManager1"
MODEM_PATH = MM_PATH + "/Modem/0"
MESSAGING = MM + ".Modem.Messaging"
SMS = MM + ".Sms"
TEST = "org.strongswan.mguard.FakeModem"

STATE_RECEIVED, STATE_SENT = 3, 5
PDU_DELIVER, PDU_SUBMIT = 1, 2


class Sms(dbus.service.Object):
    def __init__(self, bus, path, text, number, state, pdu):
        super().__init__(bus, path)
        self.props = {
            "Text": dbus.String(text),
            "Number": dbus.String(number),
            "State": dbus.UInt32(state),
            "PduType": dbus.UInt32(pdu),
        }

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss",
                         out_signature="v")
    def Get(self, iface, prop):
        if iface != SMS or prop not in self.props:
            raise dbus.exceptions.DBusException(
                "no property %s.%s" % (iface, prop),
                name="org.freedesktop.DBus.Error.UnknownProperty")
        return self.props[prop]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s",
                         out_signature="a{sv}")
    def GetAll(self, iface):
        return self.props if iface == SMS else {}


class Modem(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, MODEM_PATH)
        self.bus = bus
        self.messages = {}
        self.next = 0

    def _add(self, text, number, state, pdu):
        path = "%s/SMS/%d" % (MM_PATH, self.next)
        self.next += 1
        self.messages[path] = Sms(self.bus, path, text, number, state, pdu)
        return dbus.ObjectPath(path)

    @dbus.service.method(MESSAGING, out_signature="ao")
    def List(self):
        return dbus.Array(sorted(self.messages), signature="o")

    @dbus.service.method(MESSAGING, in_signature="o")
    def Delete(self, path):
        sms = self.messages.pop(str(path), None)
        if sms is None:
            raise dbus.exceptions.DBusException(
                "no message %s" % path,
                name="org.freedesktop.ModemManager1.Error.Core.NotFound")
        sms.remove_from_connection()
        print("deleted %s" % path, flush=True)

    @dbus.service.signal(MESSAGING, signature="ob")
    def Added(self, path, received):
        pass

    @dbus.service.method(TEST, in_signature="ss", out_signature="o")
    def Receive(self, text, number):
        path = self._add(text, number, STATE_RECEIVED, PDU_DELIVER)
        self.Added(path, True)
        return path

    @dbus.service.method(TEST, in_signature="ss", out_signature="o")
    def Store(self, text, number):
        path = self._add(text, number, STATE_SENT, PDU_SUBMIT)
        self.Added(path, False)
        return path

    @dbus.service.method(TEST, out_signature="u")
    def Count(self):
        return len(self.messages)


class Manager(dbus.service.Object):
    @dbus.service.method("org.freedesktop.DBus.ObjectManager",
                         out_signature="a{oa{sa{sv}}}")
    def GetManagedObjects(self):
        return {dbus.ObjectPath(MODEM_PATH): {
            MM + ".Modem": dbus.Dictionary({}, signature="sv"),
            MESSAGING: dbus.Dictionary({}, signature="sv"),
        }}


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(sys.argv[1])
    Manager(bus, MM_PATH)
    Modem(bus)
    # the name last: who sees it can use everything
    name = dbus.service.BusName(MM, bus)
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
