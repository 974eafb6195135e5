import { createElement, type ReactElement, type ReactNode } from 'react';
// Small inline icons (no icon font, no external file). Decorative: hidden from
// assistive technologies; the text next to them carries the meaning.
interface IconProps {
  className?: string;
}

// Solid icons (20 px grid, one filled shape), each with its usual size.
function solid(d: string, size: string) {
  return ({ className = size }: IconProps) => (
    <svg className={className} viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false">
      <path fillRule="evenodd" d={d} clipRule="evenodd" />
    </svg>
  );
}

export const AlertIcon = solid(
  'M8.485 2.495c.673-1.167 2.357-1.167 3.03 0l6.28 10.875c.673 1.167-.17 2.625-1.516 2.625H3.72c-1.347 0-2.189-1.458-1.515-2.625L8.485 2.495ZM10 6a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 10 6Zm0 9a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z',
  'size-5',
);

export const CheckCircleIcon = solid(
  'M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.857-9.809a.75.75 0 0 0-1.214-.882l-3.483 4.79-1.88-1.88a.75.75 0 1 0-1.06 1.061l2.5 2.5a.75.75 0 0 0 1.137-.089l4-5.5Z',
  'size-5',
);

export const LockIcon = solid('M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z', 'size-4');

export function Spinner({ className = 'size-5' }: IconProps) {
  return (
    <svg className={`${className} animate-spin motion-reduce:animate-none`} viewBox="0 0 24 24" fill="none" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.3" strokeWidth="4" />
      <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}

// Line icons (24 px grid, stroke in the current colour).
function Line({ className = 'size-5', children }: IconProps & { children?: ReactNode }) {
  return (
    <svg className={className} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

// A line icon from its shapes: a string is a path's data, anything else an SVG element as it is.
// Given as separate children (not an array), they need no keys.
function line(...shapes: (string | ReactElement)[]) {
  const children = shapes.map((d) => (typeof d === 'string' ? <path d={d} /> : d));
  return (p: IconProps): ReactElement => createElement(Line, p, ...children);
}

export const MenuIcon = line('M4 6h16M4 12h16M4 18h16');
export const CloseIcon = line('M6 6l12 12M18 6 6 18');
export const HomeIcon = line('M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z');
export const BuildingIcon = line(<rect x="4" y="3" width="16" height="18" rx="1" />, 'M9 7h1M14 7h1M9 11h1M14 11h1M9 15h1M14 15h1M10 21v-3h4v3');
export const UsersIcon = line(<circle cx="9" cy="8" r="3.5" />, 'M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14.5a6 6 0 0 1 3.5 5.5');
export const UserIcon = line(<circle cx="12" cy="8" r="4" />, 'M4 21a8 8 0 0 1 16 0');
export const HelpIcon = line(<circle cx="12" cy="12" r="9" />, 'M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.5V14M12 17.5h.01');
export const SearchIcon = line(<circle cx="11" cy="11" r="7" />, 'm20 20-3.5-3.5');
export const PlusIcon = line('M12 5v14M5 12h14');
export const ChevronLeftIcon = line('m15 6-6 6 6 6');
export const ChevronRightIcon = line('m9 6 6 6-6 6');
export const CheckIcon = line('m5 12.5 4.5 4.5L19 7');
export const ClockIcon = line(<circle cx="12" cy="12" r="9" />, 'M12 7v5l3 2');
export const BanIcon = line(<circle cx="12" cy="12" r="9" />, 'm5.6 5.6 12.8 12.8');
export const CopyIcon = line(<rect x="9" y="9" width="11" height="11" rx="2" />, 'M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1');
export const PrinterIcon = line('M6 9V3h12v6M6 17H4a1 1 0 0 1-1-1v-6a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-2M6 14h12v7H6z');
export const DownloadIcon = line('M12 3v12M7 10l5 5 5-5M4 21h16');
export const ShieldIcon = line('M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4');
export const ArchiveIcon = line(<rect x="3" y="4" width="18" height="4" rx="1" />, 'M5 8v11a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8M10 12h4');
export const TrashIcon = line('M4 7h16M10 11v6M14 11v6M6 7l1 13a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1l1-13M9 7V4h6v3');
export const MailIcon = line(<rect x="3" y="5" width="18" height="14" rx="2" />, 'm3 7 9 6 9-6');
export const SignOutIcon = line('M9 4H5a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h4M16 17l5-5-5-5M21 12H9');
export const MoreIcon = line(<path d="M12 5h.01M12 12h.01M12 19h.01" strokeWidth={3} />);
export const InfoIcon = line(<circle cx="12" cy="12" r="9" />, 'M12 11v6M12 7.5h.01');
export const PencilIcon = line('M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4');
export const RestoreIcon = line('M4 4v5h5M4.6 9A8 8 0 1 1 4 13');
export const KeyIcon = line(<circle cx="8" cy="15" r="4" />, 'M10.8 12.2 20 3M17 6l3 3M15 8l2 2');
export const FolderIcon = line('M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z');
export const PauseIcon = line(<circle cx="12" cy="12" r="9" />, 'M10 9v6M14 9v6');
export const PlayIcon = line(<circle cx="12" cy="12" r="9" />, 'm10 8.5 5 3.5-5 3.5z');
export const CircleIcon = line(<circle cx="12" cy="12" r="8" strokeDasharray="3 3" />);
export const PackageIcon = line('M3.5 7.5 12 3l8.5 4.5v9L12 21l-8.5-4.5zM3.5 7.5 12 12l8.5-4.5M12 12v9');
export const UploadIcon = line('M12 16V4M7 9l5-5 5 5M4 20h16');
export const ArrowUpIcon = line('M12 19V5M6 11l6-6 6 6');
export const ArrowDownIcon = line('M12 5v14M6 13l6 6 6-6');
export const EyeIcon = line('M2.5 12S6 5 12 5s9.5 7 9.5 7-3.5 7-9.5 7-9.5-7-9.5-7z', <circle cx="12" cy="12" r="3" />);
export const FileIcon = line('M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8zM14 3v5h5M9 13h6M9 17h6');
export const CalendarIcon = line(<rect x="3.5" y="5" width="17" height="15.5" rx="1.5" />, 'M3.5 10h17M8 3v4M16 3v4');
export const ChatIcon = line('M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-9l-5 4v-4H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z');
export const FlagIcon = line('M5 21V4M5 4h11l-2 4 2 4H5');
export const ChartIcon = line('M4 20V10M10 20V4M16 20v-7M21 20H3');
export const HourglassIcon = line('M7 3h10M7 21h10M8 3v3l4 6 4-6V3M8 21v-3l4-6 4 6v3');
export const FilterIcon = line('M4 5h16l-6 7.5V19l-4 1.5v-8z');
export const BellIcon = line('M6 16V11a6 6 0 1 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0');
export const ListIcon = line('M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01');
export const GearIcon = line(
  'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-2.9 1.2V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-2.9-1.2l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1A1.7 1.7 0 0 0 3 15.1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.2-2.9l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 2.9 1.2l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
);
