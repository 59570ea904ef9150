using System.Runtime.InteropServices;

namespace UtracePatchKit.Tests.Support;

/// <summary>Named pipes for tests of inputs that must not be opened (opening one blocks until a writer comes).</summary>
internal static class Fifo
{
    public static string Create(string path)
    {
        if (MkFifo(path, Convert.ToUInt32("644", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return path;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
