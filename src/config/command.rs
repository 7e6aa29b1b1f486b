//! Every verb a key can be bound to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Quit,
    NextPane,
    PrevPane,
    Refresh,
    RefreshAll,
    ToggleBookmark,
    ShowBookmarks,
    Export,
    OpenInBrowser,
    NextUnread,
    PrevUnread,
    ToggleRead,
    ToggleUnreadOnly,
    ToggleFullText,
    Search,
    SaveSearch,
    MarkAllRead,
    SortBookmarks,
    Mark,
    FilterBookmarks,
    EditTags,
    EditNote,
    Undo,
    ShowSourceDetails,
    AddSource,
    RenameSource,
    RemoveSource,
    ScrollLeft,
    ScrollRight,
    FetchFullText,
    Help,
    /// Step aside for the shell (Ctrl-Z); `fg` comes back.
    Suspend,
}
