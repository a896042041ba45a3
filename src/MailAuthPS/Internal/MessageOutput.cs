using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Where the signing cmdlets put messages: <c>-OutFile</c> (one input), <c>-OutDirectory</c> (each under
    /// its input file name), or nowhere (the result object carries the bytes). Checks targets before any work
    /// is queued, so a refused target is an error record for that input and the rest go on.
    /// </summary>
    internal sealed class MessageOutput
    {
        private readonly PSCmdlet _cmdlet;
        private readonly string? _outFile;
        private readonly string? _outDirectory;
        private readonly bool _force;
        private readonly string _action;
        private readonly HashSet<string> _targets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _inputs;

        /// <summary>Checks -OutFile and -OutDirectory; a bad combination stops the command.</summary>
        public MessageOutput(PSCmdlet cmdlet, string? outFile, string? outDirectory, bool force, bool fromMessageParameter, string action)
        {
            _cmdlet = cmdlet;
            _force = force;
            _action = action;
            if (outFile != null && outDirectory != null)
                cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(new ArgumentException("Use -OutFile for one message or -OutDirectory for several, not both."), "OutFileAndOutDirectory", ErrorCategory.InvalidArgument, outFile));
            if (outDirectory != null)
            {
                if (fromMessageParameter)
                    cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(new ArgumentException("-OutDirectory names each output after its input file; with -Message, use -OutFile."), "OutDirectoryNeedsPath", ErrorCategory.InvalidArgument, outDirectory));
                _outDirectory = cmdlet.GetUnresolvedProviderPathFromPSPath(outDirectory);
                if (!Directory.Exists(_outDirectory))
                    cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(new DirectoryNotFoundException($"The folder '{_outDirectory}' does not exist."), "OutDirectoryNotFound", ErrorCategory.ObjectNotFound, outDirectory));
            }
            if (outFile != null) _outFile = cmdlet.GetUnresolvedProviderPathFromPSPath(outFile);
        }

        /// <summary>The file for one input, or null to output the object only. False when this input must not be processed (error, or -WhatIf/-Confirm said no).</summary>
        public bool TryTarget(string? source, out string? target, out ErrorRecord? error)
        {
            target = null;
            error = null;
            if (_outFile != null)
            {
                if (++_inputs > 1)
                    _cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(new ArgumentException("-OutFile takes one message, and a second one arrived; use -OutDirectory for several messages."), "OutFileTakesOneMessage", ErrorCategory.InvalidArgument, source));
                target = _outFile;
            }
            else if (_outDirectory != null && source != null)
            {
                target = Path.Combine(_outDirectory, Path.GetFileName(source));
            }
            if (target is null) return true;
            if (!_targets.Add(target))
                error = MailAuthCmdlet.Error(new IOException($"Another input of this run is already written to '{target}'."), "OutFileConflict", ErrorCategory.ResourceExists, source);
            else if (Directory.Exists(target))
                error = MailAuthCmdlet.Error(new IOException($"'{target}' is a folder; -OutFile names a file."), "OutFileIsFolder", ErrorCategory.InvalidArgument, target);
            else if (File.Exists(target) && !_force)
                error = MailAuthCmdlet.Error(new IOException($"The file '{target}' already exists; use -Force to overwrite it."), "OutFileExists", ErrorCategory.ResourceExists, target);
            if (error != null) return false;
            return _cmdlet.ShouldProcess(target, _action);
        }

        /// <summary>Writes a message; a failure is an <see cref="OutFileException"/> naming the file.</summary>
        public static void Write(string target, byte[] bytes)
        {
            try
            {
                File.WriteAllBytes(target, bytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OutFileException(target, e);
            }
        }

        /// <summary>Reads a message file, checking the size before reading so a huge file is never loaded whole.</summary>
        public static byte[] Read(string path, long maxSize)
        {
            long size = new FileInfo(path).Length;
            if (size > maxSize) throw new MailAuth.Dkim.DkimMessageTooLargeException(size, maxSize);
            return File.ReadAllBytes(path);
        }
    }

    /// <summary>Writing an output message failed (as opposed to reading the input).</summary>
    internal sealed class OutFileException : IOException
    {
        public OutFileException(string target, Exception inner)
            : base($"Cannot write '{target}': {inner.Message}", inner)
        {
            Target = target;
        }

        public string Target { get; }
    }
}
